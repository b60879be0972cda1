import { expect } from 'chai';
import { emptyStats, isCleanPoll } from '../../../core/runtime/poll-stats.js';

describe('poll-stats', () => {
  describe('isCleanPoll()', () => {
    it('counts a poll that skipped unchanged quotes as clean', () => {
      expect(isCleanPoll({ ...emptyStats(), records: 1, unchangedQuotes: 3 })).to.equal(true);
    });

    it('counts failed symbols and invalid records as unclean', () => {
      expect(isCleanPoll({ ...emptyStats(), failedSymbols: 1 })).to.equal(false);
      expect(isCleanPoll({ ...emptyStats(), invalidRecords: 1 })).to.equal(false);
    });
  });
});
