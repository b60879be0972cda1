/**
 * Normalization benchmark: for each provider with a batch quote endpoint, how many quotes per
 * second its adapter turns a 100-symbol batch response into contract records (read, parse,
 * check against the endpoint schema, map, validate against the data contract), next to a bare
 * `JSON.parse` of the same body in the same run. Target: at least 0.3x of the bare parse rate.
 *
 * The HTTP layer is replaced by an in-memory dispatcher that answers every request with the
 * prepared body at once, so the figures are the adapter's own work.
 *
 *   npm run bench:normalize [-- --seconds 2]
 */
import type { Dispatcher } from 'undici';
import { validateRecord } from '../core/contract/validate.js';
import { contextWith, recordBatchSubjects, type BatchSubject } from './normalize-subjects.js';

const secondsFlag = process.argv.indexOf('--seconds');
const seconds = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) : 2;
// SAAA, SAAB, ...: 100 distinct upper-case tickers.
const symbols = Array.from({ length: 100 }, (_, i) =>
  `S${String(i).padStart(3, '0')}`.replace(/\d/g, (d) => String.fromCharCode(65 + Number(d))),
);
const target = 0.3;

/** A dispatcher that answers every request with `body`, synchronously ready. */
function cannedDispatcher(body: string): Dispatcher {
  const bytes = Buffer.from(body);
  const response = {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: {
      arrayBuffer: () =>
        Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    },
  };
  return { request: () => Promise.resolve(response) } as unknown as Dispatcher;
}

async function rateOf(work: () => Promise<number>): Promise<number> {
  let records = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) records += await work();
  return records / ((performance.now() - started) / 1000);
}

async function measure(subject: BatchSubject): Promise<{ adapter: number; bare: number }> {
  const body = subject.body;
  const provider = await subject.plugin.create(
    contextWith(subject, () => cannedDispatcher(body)),
    subject.options as never,
  );
  const wanted = symbols.slice(0, provider.capabilities.maxSymbolsPerCall);

  const check = await provider.fetchQuotes(wanted);
  const failed = check.flatMap((o) => (o.error === undefined ? [] : [o.error.message]));
  if (failed.length > 0) {
    throw new Error(`${subject.plugin.name}: ${failed.length} symbols failed: ${failed[0] ?? ''}`);
  }

  const bare = await rateOf(() => {
    JSON.parse(body);
    return Promise.resolve(wanted.length);
  });
  const adapter = await rateOf(async () => {
    const outcomes = await provider.fetchQuotes(wanted);
    for (const outcome of outcomes) {
      if (outcome.quote === undefined || !validateRecord('stockpoller.quote', outcome.quote).valid)
        throw new Error('invalid quote');
    }
    return outcomes.length;
  });
  return { adapter, bare };
}

console.log(
  `normalization of a 100-symbol batch, ${seconds} s per figure, node ${process.version}`,
);
console.log(
  `  ${'provider'.padEnd(12)} ${'bare JSON.parse'.padStart(18)} ${'adapter'.padStart(14)}  ratio`,
);
let misses = 0;
const onlyFlag = process.argv.indexOf('--only');
const only = onlyFlag > 0 ? process.argv[onlyFlag + 1] : undefined;
for (const subject of await recordBatchSubjects(symbols)) {
  if (only !== undefined && subject.plugin.name !== only) continue;
  const { adapter, bare } = await measure(subject);
  const ratio = adapter / bare;
  if (ratio < target) misses += 1;
  const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
  console.log(
    `  ${subject.plugin.name.padEnd(12)} ${perSecond(bare).padStart(18)} ${perSecond(adapter).padStart(14)}  ${ratio.toFixed(2)}x`,
  );
}
console.log(
  `  target >= ${target}x of the bare parse rate: ${misses === 0 ? 'met by every provider' : `MISSED by ${misses}`}`,
);
