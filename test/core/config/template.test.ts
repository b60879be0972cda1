import { expect } from 'chai';
import { escapeTemplateText, scanTemplate } from '../../../core/config/template.js';

describe('template', () => {
  describe('scanTemplate()', () => {
    it('returns plain text as one part', () => {
      expect(scanTemplate('plain $ text $$ {x}')).to.deep.equal([
        { kind: 'text', text: 'plain $ text $$ {x}' },
      ]);
    });

    it('splits variables with each operator', () => {
      expect(scanTemplate('${A}-${B:-x y}-${C-}-${D:?need D}')).to.deep.equal([
        { kind: 'variable', name: 'A', operator: '', argument: '' },
        { kind: 'text', text: '-' },
        { kind: 'variable', name: 'B', operator: ':-', argument: 'x y' },
        { kind: 'text', text: '-' },
        { kind: 'variable', name: 'C', operator: '-', argument: '' },
        { kind: 'text', text: '-' },
        { kind: 'variable', name: 'D', operator: ':?', argument: 'need D' },
      ]);
    });

    it('reads $${ as a literal ${ and merges it into the text around it', () => {
      expect(scanTemplate('a$${B}c')).to.deep.equal([{ kind: 'text', text: 'a${B}c' }]);
    });

    it('ends a reference at the first closing brace, so defaults do not nest', () => {
      expect(scanTemplate('${A:-${B}}')).to.deep.equal([
        { kind: 'variable', name: 'A', operator: ':-', argument: '${B' },
        { kind: 'text', text: '}' },
      ]);
    });

    it('recognizes secret references', () => {
      expect(scanTemplate('Bearer ${secret:vault/kv-2/api.key_1}')).to.deep.equal([
        { kind: 'text', text: 'Bearer ' },
        { kind: 'secret', path: 'vault/kv-2/api.key_1' },
      ]);
    });

    it('marks malformed references with the code that fits', () => {
      const parts = scanTemplate('${secret:}${secret:a b}${1A}${}${A:=x}${open');

      expect(
        parts.map((part) => (part.kind === 'malformed' ? [part.code, part.source] : [])),
      ).to.deep.equal([
        ['SP_ERR_CONFIG_SECRET_REF', '${secret:}'],
        ['SP_ERR_CONFIG_SECRET_REF', '${secret:a b}'],
        ['SP_ERR_CONFIG_BAD_INTERPOLATION', '${1A}'],
        ['SP_ERR_CONFIG_BAD_INTERPOLATION', '${}'],
        ['SP_ERR_CONFIG_BAD_INTERPOLATION', '${A:=x}'],
        ['SP_ERR_CONFIG_BAD_INTERPOLATION', '${open'],
      ]);
    });
  });

  describe('escapeTemplateText()', () => {
    it('writes text that scans back unchanged', () => {
      for (const text of ['${A}', '$${', '$$${x}', 'a$', '${secret:x}', 'none']) {
        expect(scanTemplate(escapeTemplateText(text)), text).to.deep.equal([
          { kind: 'text', text },
        ]);
      }
    });
  });
});
