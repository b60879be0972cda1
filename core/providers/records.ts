import { toIsoUtc } from '../contract/time.js';
import type { Bar, Quote } from '../contract/types.js';
import type { StockpollerError } from '../errors/index.js';
import type { QuoteOutcome } from '../plugins/types.js';
import { roundTo } from './values.js';

/** What an adapter knows of a quote: all but symbol, provider, price and time is optional. */
export interface QuoteFields {
  readonly symbol: string;
  readonly provider: string;
  readonly price: number;
  /** The provider's as-of instant, epoch ms. */
  readonly timestampMs: number;
  readonly open?: number | null;
  readonly high?: number | null;
  readonly low?: number | null;
  readonly close?: number | null;
  readonly previousClose?: number | null;
  readonly change?: number | null;
  readonly changePercent?: number | null;
  readonly volume?: number | null;
  readonly currency?: string | null;
  readonly bid?: number | null;
  readonly ask?: number | null;
  readonly vwap?: number | null;
}

/**
 * A contract quote: missing fields become null (never 0), and change and change percent are
 * derived from price and previous close when the provider does not give them.
 */
export function buildQuote(fields: QuoteFields): Quote {
  const previousClose = fields.previousClose ?? null;
  const derivedChange = previousClose === null ? null : roundTo(fields.price - previousClose, 4);
  const change = fields.change ?? derivedChange;
  const derivedPercent =
    previousClose === null || previousClose === 0 || change === null
      ? null
      : roundTo((change / previousClose) * 100, 4);
  // Built in place (not spread into a copy): this runs for every quote of every batch.
  const quote: { -readonly [K in keyof Quote]: Quote[K] } = {
    symbol: fields.symbol,
    provider: fields.provider,
    price: fields.price,
    open: fields.open ?? null,
    high: fields.high ?? null,
    low: fields.low ?? null,
    close: fields.close ?? null,
    previousClose,
    change,
    changePercent: fields.changePercent ?? derivedPercent,
    volume: fields.volume ?? null,
    currency: fields.currency ?? null,
    timestamp: toIsoUtc(fields.timestampMs),
  };
  if (fields.bid !== undefined) quote.bid = fields.bid;
  if (fields.ask !== undefined) quote.ask = fields.ask;
  if (fields.vwap !== undefined) quote.vwap = fields.vwap;
  return quote;
}

/** Bars sorted by start time, one per timestamp (a later duplicate replaces an earlier one). */
export function sortBars(bars: readonly Bar[]): Bar[] {
  const byTime = new Map<string, Bar>();
  for (const bar of bars) byTime.set(bar.timestamp, bar);
  return [...byTime.values()].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** Splits a list into chunks of at most `size`, keeping order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  const step = Math.max(1, Math.floor(size));
  for (let start = 0; start < items.length; start += step)
    chunks.push(items.slice(start, start + step));
  return chunks;
}

/**
 * One outcome per requested symbol, in request order: the quote found for it, or the error
 * `missing` makes (a batch endpoint that silently drops unknown symbols).
 */
export function outcomesInOrder(
  symbols: readonly string[],
  found: ReadonlyMap<string, Quote>,
  missing: (symbol: string) => StockpollerError,
): QuoteOutcome[] {
  return symbols.map((symbol) => {
    const quote = found.get(symbol);
    return quote === undefined ? { symbol, error: missing(symbol) } : { symbol, quote };
  });
}

/** The same failure for every symbol of a call that failed as a whole. */
export function failAll(symbols: readonly string[], error: StockpollerError): QuoteOutcome[] {
  return symbols.map((symbol) => ({ symbol, error }));
}
