import { expect } from 'chai';
import { findExcessiveNesting, maxNestingDepth } from '../../../core/config/yaml-depth.js';

/** A block mapping nested `depth` levels deep, one key per level. */
function nestBlockMaps(depth: number): string {
  return Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
}

describe('yaml-depth', () => {
  describe('findExcessiveNesting()', () => {
    it('accepts nesting up to the limit', () => {
      expect(findExcessiveNesting(nestBlockMaps(maxNestingDepth))).to.equal(undefined);
      expect(findExcessiveNesting('')).to.equal(undefined);
    });

    it('returns the position of the first collection past the limit', () => {
      expect(findExcessiveNesting(nestBlockMaps(maxNestingDepth + 1))).to.deep.equal({
        line: maxNestingDepth + 1,
        column: maxNestingDepth + 1,
      });
    });

    it('looks into flow collections, their keys and every document', () => {
      const deepKey = `{${'['.repeat(maxNestingDepth)}x${']'.repeat(maxNestingDepth)}: 1}`;
      const twoDocuments = `a: 1\n---\n${'['.repeat(maxNestingDepth + 1)}`;

      expect(findExcessiveNesting(deepKey)).to.deep.equal({
        line: 1,
        column: maxNestingDepth + 1,
      });
      expect(findExcessiveNesting(twoDocuments)).to.deep.equal({
        line: 3,
        column: maxNestingDepth + 1,
      });
    });
  });
});
