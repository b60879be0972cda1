import { readFileSync } from 'node:fs';
import type { Bar, Heartbeat, Quote } from '../../../core/contract/types.js';

// Tests run from dist/test/core/contract/; the fixtures stay in the source tree.
const fixturesDir = new URL('../../../../test/fixtures/contract/', import.meta.url);

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8'));
}

/** A fresh copy of a valid quote with every optional field set. */
export function validQuote(): Quote {
  return readFixture('quote.json') as Quote;
}

/** A fresh copy of a valid daily bar. */
export function validDailyBar(): Bar {
  return readFixture('bar-daily.json') as Bar;
}

/** A fresh copy of a valid intraday bar with a null volume. */
export function validIntradayBar(): Bar {
  return readFixture('bar-intraday.json') as Bar;
}

/** A fresh copy of a valid heartbeat of a closed market. */
export function validHeartbeat(): Heartbeat {
  return readFixture('heartbeat.json') as Heartbeat;
}
