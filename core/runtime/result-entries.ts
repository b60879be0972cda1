import type { Bar, Quote } from '../contract/types.js';
import { errorCatalog, type ErrorCode } from '../errors/codes.js';
import { StockpollerError, type FailureKind } from '../errors/index.js';
import type { BarRequest } from '../plugins/types.js';

/**
 * Failure kinds that are final for one symbol: asking again soon gets the same answer. Kinds
 * about the provider or the key (auth, rate_limited, unavailable, malformed) are never
 * remembered, since they say nothing about the symbol and may heal at the next call.
 */
export const symbolFinalKinds: readonly FailureKind[] = [
  'not_found',
  'no_data',
  'plan_required',
  'bad_request',
];

/** Cache key of the latest quote of `symbol` from the provider instance `provider`. */
export function quoteKey(provider: string, symbol: string): string {
  return `sp:result:${provider}:quote:${symbol}`;
}

/** Cache key of a symbol's remembered final failure; apart from results so TTLs differ. */
export function failedQuoteKey(provider: string, symbol: string): string {
  return `sp:failed:${provider}:quote:${symbol}`;
}

/** Cache key of the bars of one exact request (symbol, interval, from, to). */
export function barsKey(provider: string, request: BarRequest): string {
  const { symbol, interval, from, to } = request;
  return `sp:result:${provider}:bars:${symbol}:${interval}:${from}:${to}`;
}

/** A cached quote; `until` (epoch ms) lets the reader's clock expire it as well as the store. */
export interface QuoteEntry {
  readonly v: 1;
  readonly until: number;
  readonly quote: Quote;
}

/** Cached bars of one request. */
export interface BarsEntry {
  readonly v: 1;
  readonly until: number;
  readonly bars: Bar[];
}

/** A remembered final failure of one symbol: enough to rebuild an error of the same code. */
export interface FailureEntry {
  readonly v: 1;
  readonly until: number;
  readonly code: ErrorCode;
  readonly kind: FailureKind;
  readonly message: string;
  readonly hint?: string;
  readonly status?: number;
}

/**
 * The entry that remembers `error` until `until`, or undefined when it must not be remembered:
 * only a non-retryable failure of a symbol-final kind that no other symbol shares is (a batch
 * that failed as a whole hands each of its symbols the same error object, and that says
 * nothing about any one of them).
 */
export function failureEntryOf(
  error: StockpollerError,
  sharedBy: number,
  until: number,
): FailureEntry | undefined {
  const failure = error.failure;
  if (failure === undefined || failure.retryable || sharedBy > 1) return undefined;
  if (!symbolFinalKinds.includes(failure.kind)) return undefined;
  return {
    v: 1,
    until,
    code: error.code,
    kind: failure.kind,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(failure.status === undefined ? {} : { status: failure.status }),
  };
}

/** The error a remembered failure answers with: same code and hint, saying it was remembered. */
export function rememberedError(entry: FailureEntry, provider: string): StockpollerError {
  const until = new Date(entry.until).toISOString();
  return new StockpollerError(
    entry.code,
    `${entry.message} (remembered from an earlier answer of provider "${provider}"; not asked again until ${until})`,
    entry.hint,
    {
      failure: {
        kind: entry.kind,
        retryable: false,
        ...(entry.status === undefined ? {} : { status: entry.status }),
      },
    },
  );
}

/** The quote entry of `symbol` in `value`, if it is one and still valid at `now`. */
export function readQuoteEntry(value: unknown, symbol: string, now: number): Quote | undefined {
  if (!isLiveEntry(value, now) || !isObject(value.quote)) return undefined;
  return value.quote.symbol === symbol ? (value.quote as unknown as Quote) : undefined;
}

/** The bars in `value`, if it is a bars entry still valid at `now`. */
export function readBarsEntry(value: unknown, now: number): Bar[] | undefined {
  if (!isLiveEntry(value, now) || !Array.isArray(value.bars)) return undefined;
  return value.bars as Bar[];
}

/** The failure entry in `value`, if it is one still valid at `now` with a known code. */
export function readFailureEntry(value: unknown, now: number): FailureEntry | undefined {
  if (!isLiveEntry(value, now)) return undefined;
  const { code, kind, message, hint, status } = value;
  // Another version of stockpoller may share the cache: trust nothing it wrote blindly.
  const known = typeof code === 'string' && Object.hasOwn(errorCatalog, code);
  if (!known || !symbolFinalKinds.includes(kind as FailureKind)) return undefined;
  if (typeof message !== 'string') return undefined;
  if (hint !== undefined && typeof hint !== 'string') return undefined;
  if (status !== undefined && typeof status !== 'number') return undefined;
  return value as unknown as FailureEntry;
}

function isLiveEntry(value: unknown, now: number): value is Record<string, unknown> {
  if (!isObject(value) || value.v !== 1) return false;
  return typeof value.until === 'number' && value.until > now;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
