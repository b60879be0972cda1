import { expect } from 'chai';
import {
  countProblems,
  createProblem,
  createProblemsError,
  placeOfOrigin,
  problemsOfError,
  sortProblems,
} from '../../../core/config/problems.js';
import { StockpollerError } from '../../../core/errors/index.js';

const somewhere = (file: string | undefined, line?: number, column?: number) =>
  createProblem(
    'SP_ERR_CONFIG_YAML_SYNTAX',
    {
      file,
      pointer: '/x',
      position: line === undefined ? undefined : { line, column: column ?? 1 },
    },
    `at ${file ?? '-'}:${line ?? 0}:${line === undefined ? 0 : (column ?? 1)}`,
    'fix it',
  );

describe('problems', () => {
  describe('createProblem()', () => {
    it('spreads the place into file, line, column and pointer', () => {
      expect(somewhere('/a.yaml', 3, 7)).to.deep.equal({
        code: 'SP_ERR_CONFIG_YAML_SYNTAX',
        file: '/a.yaml',
        line: 3,
        column: 7,
        pointer: '/x',
        message: 'at /a.yaml:3:7',
        hint: 'fix it',
      });
      expect(somewhere(undefined)).to.include({ line: undefined, column: undefined });
    });
  });

  describe('placeOfOrigin()', () => {
    it('takes the file and value position of an origin, or nothing without one', () => {
      const origin = {
        file: '/a.yaml',
        key: { line: 1, column: 1 },
        value: { line: 1, column: 4 },
      };

      expect(placeOfOrigin('/k', origin)).to.deep.equal({
        file: '/a.yaml',
        pointer: '/k',
        position: { line: 1, column: 4 },
      });
      expect(placeOfOrigin('/k', undefined)).to.deep.equal({
        file: undefined,
        pointer: '/k',
        position: undefined,
      });
    });
  });

  describe('sortProblems()', () => {
    it('orders by file as first seen, then line and column, keeping ties in order', () => {
      const problems = [
        somewhere('/b.yaml', 1),
        somewhere('/a.yaml', 9, 2),
        somewhere('/a.yaml', 2),
        somewhere('/a.yaml', 9, 1),
        somewhere('/b.yaml', 1),
      ];

      expect(sortProblems(problems).map((p) => p.message)).to.deep.equal([
        'at /b.yaml:1:1',
        'at /b.yaml:1:1',
        'at /a.yaml:2:1',
        'at /a.yaml:9:1',
        'at /a.yaml:9:2',
      ]);
    });
  });

  describe('countProblems()', () => {
    it('uses the singular for one', () => {
      expect(countProblems(1)).to.equal('1 problem');
      expect(countProblems(4)).to.equal('4 problems');
    });
  });

  describe('createProblemsError()', () => {
    it('takes the code of the first problem and the hint of a single one', () => {
      const single = createProblemsError('stockpoller.yaml', [somewhere('/a.yaml', 1)]);
      const several = createProblemsError('configuration', [
        somewhere('/a.yaml', 1),
        somewhere('/a.yaml', 2),
      ]);

      expect(single).to.include({
        code: 'SP_ERR_CONFIG_YAML_SYNTAX',
        message: 'stockpoller.yaml has 1 problem',
        hint: 'fix it',
      });
      expect(several.message).to.equal('configuration has 2 problems');
      expect(several.hint).to.equal(undefined);
      expect(several.problems).to.have.length(2);
    });

    it('reports an internal error when given no problem', () => {
      expect(createProblemsError('configuration', []).code).to.equal('SP_ERR_INTERNAL');
    });
  });

  describe('problemsOfError()', () => {
    it('returns the problems of an error, or the error itself as one problem', () => {
      const listed = new StockpollerError('SP_ERR_CONFIG_YAML_SYNTAX', 'x', undefined, {
        problems: [somewhere('/a.yaml', 1)],
      });
      const single = new StockpollerError('SP_ERR_CONFIG_READ', 'cannot read', 'check it');

      expect(problemsOfError(listed)).to.equal(listed.problems);
      expect(problemsOfError(single)).to.deep.equal([
        {
          code: 'SP_ERR_CONFIG_READ',
          file: undefined,
          line: undefined,
          column: undefined,
          pointer: '',
          message: 'cannot read',
          hint: 'check it',
        },
      ]);
    });

    it('rethrows anything that is not a StockpollerError', () => {
      const bug = new TypeError('bug');

      expect(() => problemsOfError(bug)).to.throw(bug);
    });
  });
});
