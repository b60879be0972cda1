import { createHash } from 'node:crypto';
import { canonicalJson } from '../contract/envelope.js';
import type { Quote } from '../contract/types.js';

/**
 * The fingerprint two quotes share when they are "unchanged": every field of the record
 * except `timestamp`. A provider re-stamping the same price, volume, bid/ask, day range and
 * so on is no news to a consumer; a change of any of those values is.
 */
export function fingerprintOf(quote: Quote): string {
  // canonicalJson leaves out properties that are undefined.
  const values = canonicalJson({ ...quote, timestamp: undefined });
  return createHash('sha256').update(values).digest('hex').slice(0, 32);
}

/**
 * Remembers, per symbol, the fingerprint of the last quote a pipeline published, so that a
 * pipeline with `skipUnchanged` publishes a quote only when it differs (see
 * {@link fingerprintOf}). Holds one fingerprint per symbol of the pipeline and nothing for
 * other symbols, so its memory is bounded by the pipeline's symbol list.
 */
export class UnchangedFilter {
  private readonly symbols: ReadonlySet<string>;
  private readonly lastPublished = new Map<string, string>();

  constructor(symbols: readonly string[]) {
    this.symbols = new Set(symbols);
  }

  /**
   * True when `quote` should be published, and then remembered as its symbol's last one;
   * false when it is unchanged from the last one published. A quote of a symbol outside the
   * pipeline's list is always published and never remembered.
   */
  admit(quote: Quote): boolean {
    if (!this.symbols.has(quote.symbol)) return true;
    const fingerprint = fingerprintOf(quote);
    if (this.lastPublished.get(quote.symbol) === fingerprint) return false;
    this.lastPublished.set(quote.symbol, fingerprint);
    return true;
  }
}
