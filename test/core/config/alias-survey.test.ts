import { expect } from 'chai';
import { isMap, isSeq, parseDocument } from 'yaml';
import { maxAliasExpansion, surveyAliases } from '../../../core/config/alias-survey.js';

function survey(text: string) {
  const doc = parseDocument(text);
  return { doc, result: surveyAliases(doc.contents) };
}

describe('alias-survey', () => {
  describe('surveyAliases()', () => {
    it('reports no expansion for a document without aliases', () => {
      const { result } = survey('a: [1, 2]\nb: {c: 3}\n');

      expect(result.expansion).to.equal(0);
      expect(result.largest).to.equal(undefined);
      expect(result.targets.size).to.equal(0);
    });

    it('counts the values each alias adds and finds the largest', () => {
      const { result } = survey('small: &s 1\nbig: &b [1, 2, 3]\nuse: [*s, *b, *b]\n');

      // *s adds nothing (1 value for 1 alias node); each *b adds 3 (4 values for 1 node).
      expect(result.expansion).to.equal(6);
      expect(result.largest?.alias.source).to.equal('b');
      expect(result.largest?.size).to.equal(4);
      expect(result.largest?.pointer).to.equal('/use/1');
    });

    it('counts nested aliases multiplied out without expanding them', () => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 20; i += 1) {
        levels.push(
          `l${i}: &l${i} [${Array(10)
            .fill(i === 1 ? '*a' : `*l${i - 1}`)
            .join(', ')}]`,
        );
      }

      const { result } = survey(`${levels.join('\n')}\n`);

      expect(result.expansion).to.be.greaterThan(maxAliasExpansion);
      expect(result.largest?.alias.source).to.equal('l18');
    });

    it('resolves each alias to the latest anchor of that name before it', () => {
      const { doc, result } = survey('a: &x [1]\nb: *x\nc: &x {k: v}\nd: *x\n');
      const aliases = [...result.targets.keys()];

      expect(aliases).to.have.length(2);
      expect(isSeq(result.targets.get(aliases[0]!))).to.equal(true);
      expect(isMap(result.targets.get(aliases[1]!))).to.equal(true);
      expect(doc.errors).to.deep.equal([]);
    });

    it('finds aliases inside their own anchor and aliases without anchor', () => {
      const { result } = survey('a: &loop [1, *loop]\nb: *nothing\n');
      const [loop, nothing] = [...result.targets.keys()];

      expect(result.circular.has(loop!)).to.equal(true);
      expect(result.targets.get(nothing!)).to.equal(undefined);
      expect(result.circular.has(nothing!)).to.equal(false);
    });
  });
});
