import type { StockpollerError } from '../../core/errors/index.js';
import {
  excerptOf,
  providerFailure,
  retryAfterMsOf,
  type ProviderResponse,
} from '../../core/providers/index.js';

/** Reads an Alpaca body before its status, as `readJson`'s `classifyBody`. */
export type BodyClassifier = (
  response: ProviderResponse,
  json: unknown,
) => StockpollerError | undefined;

// Alpaca's limit is per minute; without a header to say when it resets, wait the minute out.
const minuteWindowMs = 60_000;
const planWords = /subscription|permit|\bplan\b|entitle/i;

/**
 * Alpaca's own reading of a response. Its 403 means a missing or wrong key AND a plan that
 * does not cover the data ("subscription does not permit querying recent SIP data"): only
 * the message tells them apart. A 429 waits for Retry-After, else X-RateLimit-Reset (epoch
 * seconds, unconfirmed), else a minute.
 */
export function classifyAlpacaBody(what: string, nowMs: number): BodyClassifier {
  return (response, json) => {
    const status = response.status;
    const message = `${what}: HTTP ${status} from ${response.url}${excerptOf(response.text, response.scrub)}`;
    if (status === 403 && planWords.test(messageOf(json) ?? response.text)) {
      return providerFailure('plan_required', message, {
        status,
        hint: 'The plan does not cover this feed: use feed "iex" or "delayed_sip", or upgrade to Algo Trader Plus.',
      });
    }
    if (status === 429) {
      const retryAfterMs =
        retryAfterMsOf(response.headers['retry-after'], nowMs) ??
        untilReset(response.headers['x-ratelimit-reset'], nowMs) ??
        minuteWindowMs;
      return providerFailure('rate_limited', message, { status, retryAfterMs, quota: 'minute' });
    }
    return undefined;
  };
}

function messageOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const message = (json as Record<string, unknown>).message;
  return typeof message === 'string' ? message : undefined;
}

function untilReset(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || !/^\d+$/.test(header.trim())) return undefined;
  const waitMs = Number(header) * 1000 - nowMs;
  return waitMs > 0 ? waitMs : undefined;
}
