/** Counters of one poll of one pipeline. */
export interface PollStats {
  /** Records that passed the data contract and were handed to the transports' buffers. */
  records: number;
  /** Symbols the provider could not answer. */
  failedSymbols: number;
  /** Records rejected by the data contract (never published). */
  invalidRecords: number;
  /** Quotes not published because `skipUnchanged` found them equal to the last one. */
  unchangedQuotes: number;
}

/** A fresh set of zero counters. */
export function emptyStats(): PollStats {
  return { records: 0, failedSymbols: 0, invalidRecords: 0, unchangedQuotes: 0 };
}

/** True when nothing went wrong in the poll; skipping an unchanged quote is not wrong. */
export function isCleanPoll(stats: PollStats): boolean {
  return stats.failedSymbols === 0 && stats.invalidRecords === 0;
}
