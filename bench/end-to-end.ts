/**
 * End-to-end benchmark: quotes per second from a local HTTP server answering Financial
 * Modeling Prep's documented `/stable/batch-quote` shape, through the real pipeline (manifest,
 * prepareConfig, createContainer, Kernel, PipelineRunner.runOnce: the `fmp` adapter, the data
 * contract, envelopes, the transport buffer) into a counting transport, next to a bare undici
 * loop that fetches the same batches and JSON.parses them with the same number of requests in
 * flight. Rounds alternate between the two; figures are medians. Target: at least 0.8x.
 *
 * Two settings: a server that answers at once, where the client's CPU is the limit and the
 * ratio is the pipeline's work per quote against a bare parse; and one that answers after
 * `--latency-ms` (25), as a provider's API across a network does. The server runs in a child
 * process, so that it has its own core and is not what limits either subject.
 *
 *   npm run bench:e2e [-- --symbols 5000 --concurrency 4 --rounds 7 --seconds 1.5 --latency-ms 25]
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { bareClient, bareRound, median, tickers } from './bare-client.js';
import { deploy, pipelineRound, startQuoteServer } from './pipeline-kit.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const symbolCount = flag('symbols', 5000);
const concurrency = flag('concurrency', 4);
const rounds = flag('rounds', 7);
const seconds = flag('seconds', 1.5);
const latencies = [0, flag('latency-ms', 25)];
const target = 0.8;

interface Sample {
  readonly quotesPerSecond: number;
  readonly cpuMicrosPerQuote: number;
}

/** Repeats `round` for `seconds`; quotes per second and client CPU per quote. */
async function measure(round: () => Promise<number>): Promise<Sample> {
  let quotes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) quotes += await round();
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    quotesPerSecond: quotes / elapsed,
    cpuMicrosPerQuote: (used.user + used.system) / quotes,
  };
}

/** The most undici requests in flight at once during one call of `round`. */
async function peakInFlight(round: () => Promise<number>): Promise<number> {
  let inFlight = 0;
  let peak = 0;
  const started = (): void => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
  };
  const ended = (): void => {
    inFlight -= 1;
  };
  subscribe('undici:request:create', started);
  subscribe('undici:request:trailers', ended);
  subscribe('undici:request:error', ended);
  try {
    await round();
  } finally {
    unsubscribe('undici:request:create', started);
    unsubscribe('undici:request:trailers', ended);
    unsubscribe('undici:request:error', ended);
  }
  return peak;
}

type SubjectName = 'bare' | 'pipeline';
const labels: Record<SubjectName, string> = {
  bare: 'bare undici + JSON.parse',
  pipeline: 'pipeline (runOnce)',
};

/** Alternating rounds of both subjects against a server answering after `latencyMs`. */
async function compare(latencyMs: number, symbols: readonly string[]): Promise<void> {
  const server = await startQuoteServer(latencyMs);
  const deployment = await deploy({
    url: server.url,
    symbols,
    pipelines: concurrency,
    concurrency,
  });
  const bare = bareClient(server.url, symbols, concurrency);
  const subjects: Record<SubjectName, () => Promise<number>> = {
    bare: () => bareRound(bare),
    pipeline: () => pipelineRound(deployment),
  };
  try {
    // Warm-up: the server builds each batch once, V8 compiles both paths.
    await measure(subjects.bare);
    await measure(subjects.pipeline);
    const peaks = {
      bare: await peakInFlight(subjects.bare),
      pipeline: await peakInFlight(subjects.pipeline),
    };
    const samples: Record<SubjectName, Sample[]> = { bare: [], pipeline: [] };
    for (let round = 0; round < rounds; round += 1) {
      const order: SubjectName[] = round % 2 === 0 ? ['bare', 'pipeline'] : ['pipeline', 'bare'];
      for (const name of order) samples[name].push(await measure(subjects[name]));
    }
    report(latencyMs, samples, peaks);
  } finally {
    await bare.pool.close();
    await deployment.stop();
    server.stop();
  }
}

function report(
  latencyMs: number,
  samples: Record<SubjectName, Sample[]>,
  peaks: Record<SubjectName, number>,
): void {
  const rate = (name: SubjectName): number => median(samples[name].map((s) => s.quotesPerSecond));
  const cpu = (name: SubjectName): number => median(samples[name].map((s) => s.cpuMicrosPerQuote));
  const ratio = rate('pipeline') / rate('bare');
  const paired = median(
    samples.pipeline.map((s, i) => s.quotesPerSecond / (samples.bare[i]?.quotesPerSecond ?? 1)),
  );
  console.log(
    latencyMs === 0
      ? 'server answers at once (the client CPU is the limit):'
      : `server answers after ${latencyMs} ms (as a provider's API across a network):`,
  );
  for (const name of ['bare', 'pipeline'] as const) {
    const perRound = samples[name].map((s) => Math.round(s.quotesPerSecond)).join(' ');
    const quotes = Math.round(rate(name)).toLocaleString('en-US');
    console.log(
      `  ${labels[name].padEnd(26)} ${quotes.padStart(9)} quotes/s  ` +
        `${cpu(name).toFixed(2).padStart(6)} us CPU/quote  peak in flight ${peaks[name]}  ` +
        `rounds: ${perRound}`,
    );
  }
  if (peaks.bare !== peaks.pipeline) {
    // The comparison holds only with as many requests in flight on both sides.
    console.log(
      `  NOT COMPARABLE: ${peaks.bare} requests in flight for the bare loop, ` +
        `${peaks.pipeline} for the pipeline`,
    );
  }
  const verdict = ratio >= target ? 'meets' : 'MISSES';
  console.log(
    `  ratio ${ratio.toFixed(2)}x (median of paired rounds ${paired.toFixed(2)}x; ` +
      `target >= ${target}x): ${verdict} the target`,
  );
}

const symbols = tickers(symbolCount);
console.log(
  `end to end, ${symbolCount} symbols in FMP batches of 100, ${concurrency} requests in flight, ` +
    `${rounds} alternating rounds of ${seconds} s, medians, node ${process.version}`,
);
for (const latencyMs of latencies) await compare(latencyMs, symbols);
