/**
 * The data contract shared by every provider and transport. The JSON Schemas in `schemas/`
 * (`quote.v1`, `bar.v1`, `heartbeat.v1`, `envelope.v1`) are the source of truth; these types
 * match them.
 */

/** Latest price snapshot of one symbol. A field the provider lacks is `null`, never 0. */
export interface Quote {
  /** Ticker as the pipeline asked for it, upper case (for example `AAPL`). */
  readonly symbol: string;
  /** Name of the provider plugin that produced the quote (for example `polygon`). */
  readonly provider: string;
  /** Last trade or mid price. */
  readonly price: number;
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  /** Today's close when the session has ended, else null. */
  readonly close: number | null;
  readonly previousClose: number | null;
  /** `price - previousClose`. */
  readonly change: number | null;
  /** Change in percent units: 1.5 means +1.5 %. */
  readonly changePercent: number | null;
  readonly volume: number | null;
  /** ISO 4217 code, for example `USD`. */
  readonly currency: string | null;
  /** The provider's as-of instant, ISO-8601 UTC with milliseconds (`2026-01-02T15:04:05.000Z`). */
  readonly timestamp: string;
  readonly bid?: number | null;
  readonly ask?: number | null;
  readonly vwap?: number | null;
}

/** Bar sizes of the contract: minutes, hours, days, weeks and months. */
export type BarInterval = `${number}${'m' | 'h' | 'd' | 'w' | 'mo'}`;

/** One OHLCV bar. */
export interface Bar {
  readonly symbol: string;
  readonly provider: string;
  /** `1m`, `5m`, `1h`, `1d`, ... */
  readonly interval: string;
  /** Trading date `YYYY-MM-DD` for daily and longer bars; null for intraday bars. */
  readonly date: string | null;
  /** Bar start, ISO-8601 UTC with milliseconds; a daily bar starts 00:00 America/New_York. */
  readonly timestamp: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | null;
  readonly vwap?: number | null;
}

/**
 * Sent instead of polls while a pipeline's market is closed (`marketHours.whenClosed:
 * heartbeat`), so that consumers can tell a quiet market from a poller that died.
 */
export interface Heartbeat {
  /** Name of the pipeline that is waiting for its market. */
  readonly pipeline: string;
  /** Exchange whose calendar the pipeline follows. */
  readonly exchange: 'XNYS' | 'XNAS';
  /** The exchange's phase at `timestamp`: `closed`, or a session the pipeline skips. */
  readonly phase: 'pre' | 'regular' | 'post' | 'closed';
  /** When the next session the pipeline polls in opens (ISO-8601 UTC), null if none is known. */
  readonly nextOpen: string | null;
  /** When the heartbeat was sent, ISO-8601 UTC with milliseconds. */
  readonly timestamp: string;
}

/** Any record of the contract: what an envelope can carry. */
export type ContractRecord = Quote | Bar | Heartbeat;

/** Names of the record schemas of the contract. */
export type RecordSchemaName = 'stockpoller.quote' | 'stockpoller.bar' | 'stockpoller.heartbeat';

/**
 * The wrapper around every published record. A transport receives quotes, bars and
 * heartbeats alike; narrow on `schema` (or `'symbol' in record`) before reading market fields.
 */
export interface Envelope<R extends ContractRecord = ContractRecord> {
  /** Which record schema `record` follows. */
  readonly schema: RecordSchemaName;
  /** Major version of that schema. */
  readonly schemaVersion: number;
  /** Deterministic id: the same record always gets the same id, so consumers can de-duplicate. */
  readonly id: string;
  /** When stockpoller received the record, ISO-8601 UTC with milliseconds. */
  readonly fetchedAt: string;
  /** Name of the pipeline that produced the record. */
  readonly pipeline: string;
  readonly record: R;
}
