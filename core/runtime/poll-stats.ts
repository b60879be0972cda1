/** Counters of one poll of one pipeline. */
export interface PollStats {
  /** Records that passed the data contract and were handed to transports. */
  records: number;
  /** Symbols the provider could not answer. */
  failedSymbols: number;
  /** Records rejected by the data contract (never published). */
  invalidRecords: number;
  /** Messages transports reported delivered (one per record and transport). */
  delivered: number;
  /** Messages transports reported failed. */
  undelivered: number;
}

/** A fresh set of zero counters. */
export function emptyStats(): PollStats {
  return { records: 0, failedSymbols: 0, invalidRecords: 0, delivered: 0, undelivered: 0 };
}

/** True when nothing went wrong in the poll. */
export function isCleanPoll(stats: PollStats): boolean {
  return stats.failedSymbols === 0 && stats.invalidRecords === 0 && stats.undelivered === 0;
}
