/**
 * SQS throughput benchmark: messages per second through the `sqs` transport, fed by the
 * kernel's transport buffer with its default batching, next to a bare loop of
 * SendMessageBatch requests of 10 prebuilt entries, one after another, against the same
 * in-process fauxqs in the same run. A second bare loop builds each entry as it goes, to
 * show what serialization alone costs. Rounds alternate so that machine noise hits all
 * alike; rates are given per second of wall-clock time and per second of CPU time.
 * Target: the transport at least 0.9x the bare loop. *
 *   npm run build && node dist/bench/sqs-throughput.js [--messages 20000] [--runs 5]
 */
import {
  SQSClient,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { pino } from 'pino';
import { createEnvelope } from '../core/contract/envelope.js';
import type { Envelope, Quote } from '../core/contract/types.js';
import { TransportQueue } from '../core/runtime/transport-queue.js';
import { outgoingOf } from '../plugins/transport-sqs/entries.js';
import type { TransportInstance } from '../core/plugins/types.js';
import type { SqsOptions } from '../plugins/transport-sqs/options-schema.js';
import { createSqsTransport } from '../plugins/transport-sqs/sqs-transport.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const flag = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const messages = flag('messages', 20_000);
const runs = flag('runs', 5);
const targetRatio = 0.9;
const log = pino({ level: 'silent' });

const server = await startFauxqs({ port: 0, logger: false });
const endpoint = `http://127.0.0.1:${server.port}`;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const client = new SQSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

function envelopeOf(index: number): Envelope<Quote> {
  const record: Quote = {
    symbol: `S${index % 500}`,
    provider: 'simulated',
    price: 100 + index / 1000,
    open: 99.5,
    high: 101.2,
    low: 98.7,
    close: null,
    previousClose: 99.9,
    change: 0.1,
    changePercent: 0.1,
    volume: 1_234_567,
    currency: 'USD',
    timestamp: '2026-03-10T15:00:00.000Z',
  };
  return createEnvelope({ schema: 'stockpoller.quote', record, pipeline: 'bench', fetchedAt: 0 });
}

const envelopes = Array.from({ length: messages }, (_, index) => envelopeOf(index));
// The baseline gets its bodies and attributes built before the clock starts: a ceiling.
const prebuilt: SendMessageBatchRequestEntry[] = envelopes.map(
  (envelope, index) => outgoingOf(envelope, index % 10, { fifo: false }).entry,
);

async function runBareLoop(queueUrl: string): Promise<void> {
  for (let start = 0; start < prebuilt.length; start += 10) {
    const answer = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: prebuilt.slice(start, start + 10),
      }),
    );
    if ((answer.Failed ?? []).length > 0) throw new Error('the bare loop had failed entries');
  }
}

/** The same loop, building each entry (JSON body, attributes) as it goes, as a sender must. */
async function runBareLoopBuilding(queueUrl: string): Promise<void> {
  for (let start = 0; start < envelopes.length; start += 10) {
    const entries = envelopes
      .slice(start, start + 10)
      .map((envelope, index) => outgoingOf(envelope, index, { fifo: false }).entry);
    const answer = await client.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    if ((answer.Failed ?? []).length > 0) throw new Error('the bare loop had failed entries');
  }
}

/**
 * A transport is created once, as the kernel does at start, and lives across runs with its
 * client's keep-alive connections; each run feeds it through a fresh buffer.
 */
function createTransportRunner(maxInFlightBatches: number): (queueUrl: string) => Promise<void> {
  let transport: TransportInstance | undefined;
  return async (queueUrl) => {
    transport ??= createSqsTransport(optionsFor(queueUrl, maxInFlightBatches), {
      log,
      clock: { now: () => Date.now() },
    });
    const buffer = new TransportQueue('bench', transport, bufferDefaults, log);
    for (let start = 0; start < envelopes.length; start += 500) {
      await buffer.offer(envelopes.slice(start, start + 500));
    }
    await buffer.flush();
    const { delivered } = buffer.stats();
    if (delivered !== messages) throw new Error(`the transport delivered ${delivered}`);
  };
}

// The README's buffer defaults.
const bufferDefaults = {
  capacity: 10_000,
  maxBatchMessages: 500,
  maxBatchBytes: 1_048_576,
  maxBatchDelayMs: 50,
  whenFull: 'block' as const,
};

function optionsFor(queueUrl: string, maxInFlightBatches: number): SqsOptions {
  return {
    queueUrl,
    endpoint,
    region: 'us-east-1',
    ...credentials,
    assert: false,
    maxReceiveCount: 5,
    messageRetentionSeconds: 345_600,
    deadLetterRetentionSeconds: 1_209_600,
    visibilityTimeoutSeconds: 30,
    maxBatchBytes: 262_144,
    maxInFlightBatches,
    maxAttempts: 6,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 5000,
    requestTimeoutMs: 10_000,
  };
}

interface Subject {
  readonly name: string;
  readonly run: (queueUrl: string) => Promise<void>;
  /** Messages per second of wall-clock time, one figure per run. */
  readonly rates: number[];
  /** Messages per second of this process's CPU time (user + system), one figure per run. */
  readonly cpuRates: number[];
}

const subjectOf = (name: string, run: Subject['run']): Subject => ({
  name,
  run,
  rates: [],
  cpuRates: [],
});
const subjects: Subject[] = [
  subjectOf('bare SendMessageBatch loop of 10', runBareLoop),
  subjectOf('bare loop, building each entry', runBareLoopBuilding),
  subjectOf('transport, maxInFlightBatches 1', createTransportRunner(1)),
  subjectOf('transport, defaults (4 in flight)', createTransportRunner(4)),
];

// One queue per subject, emptied after every run so that each run starts alike.
const queueUrls = new Map(
  subjects.map((subject, index) => [subject, server.createQueue(`bench-${index}`).queueUrl]),
);

/**
 * Runs a subject once and records its rates. Client and emulator share this process, so its
 * CPU time is the whole cost of the run; that figure stays steady on a machine busy with other
 * work, where wall-clock time does not.
 */
async function measureOnce(subject: Subject, record: boolean): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await subject.run(queueUrls.get(subject) ?? '');
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  server.reset();
  if (!record) return;
  subject.rates.push(messages / seconds);
  subject.cpuRates.push(messages / ((cpu.user + cpu.system) / 1e6));
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

// One warm-up each (JIT, keep-alive connections); not counted.
for (const subject of subjects) await measureOnce(subject, false);
for (let run = 0; run < runs; run += 1) {
  for (const subject of subjects) await measureOnce(subject, true);
}

const [baseline] = subjects as [Subject];
console.log(
  `sqs throughput, ${messages} messages x ${runs} runs, fauxqs in process, node ${process.version}`,
);
console.log(
  `  ${''.padEnd(36)} ${'wall msg/s'.padStart(10)} ratio  ${'CPU msg/s'.padStart(10)} ratio`,
);
for (const subject of subjects) {
  const [rate, cpuRate] = [median(subject.rates), median(subject.cpuRates)];
  const ratio = (rate / median(baseline.rates)).toFixed(2);
  const cpuRatio = (cpuRate / median(baseline.cpuRates)).toFixed(2);
  console.log(
    `  ${subject.name.padEnd(36)} ${rate.toFixed(0).padStart(10)} ${ratio}x ${cpuRate.toFixed(0).padStart(10)} ${cpuRatio}x`,
  );
}
console.log(`  target: the transport at least ${targetRatio}x the bare loop`);

client.destroy();
await server.stop();
