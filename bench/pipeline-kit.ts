/**
 * What the end-to-end and footprint benchmarks share: the quote server in a child process and
 * a deployment of the real pipeline against it (manifest, prepareConfig, createContainer,
 * Kernel, PipelineRunner). The bare loop they are measured against is in bare-client.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareConfig } from '../core/config/prepare.js';
import { createContainer } from '../core/kernel/container.js';
import { Kernel } from '../core/kernel/kernel.js';
import { createLogger } from '../core/logger.js';
import { PipelineRunner } from '../core/runtime/pipeline-runner.js';
import { slices } from './bare-client.js';
import type { CountingTransport } from './null-transport.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

/** A running quote server. */
export interface QuoteServer {
  readonly url: string;
  stop(): void;
}

/**
 * Starts `quote-server.js` in a child process, so that it gets its own core; it answers each
 * request after `latencyMs`.
 */
export function startQuoteServer(latencyMs = 0): Promise<QuoteServer> {
  const script = path.join(benchDir, 'quote-server.js');
  const child: ChildProcess = spawn(process.execPath, [script, '--latency-ms', String(latencyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.on('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /listening (\S+)/.exec(text)?.[1];
      if (url !== undefined) resolve({ url, stop: () => child.stdin?.end() });
    });
  });
}

/** The real pipeline, deployed against the quote server with a counting sink. */
export interface Deployment {
  readonly runner: PipelineRunner;
  readonly sink: CountingTransport;
  stop(): Promise<void>;
}

/**
 * Deploys `symbols` as `pipelines` pipelines of one `fmp` instance (rate limits lifted,
 * `concurrency` calls in flight) publishing to the counting transport, and starts the kernel.
 */
export async function deploy(options: {
  readonly url: string;
  readonly symbols: readonly string[];
  readonly pipelines: number;
  readonly concurrency: number;
}): Promise<Deployment> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-'));
  const manifestFile = path.join(dir, 'stockpoller.yaml');
  const parts = slices(options.symbols, options.pipelines);
  const manifest = {
    version: 1,
    logLevel: 'error',
    plugins: [path.join(benchDir, 'null-transport.js')],
    providers: {
      fmp: {
        use: 'fmp',
        options: { apiKey: 'bench-key', baseUrl: `${options.url}/stable`, plan: 'ultimate' },
        rateLimits: { perSecond: 0, perMinute: 0, perHour: 0, perDay: 0 },
        concurrency: options.concurrency,
      },
    },
    transports: { sink: { use: 'bench-null' } },
    pipelines: Object.fromEntries(
      parts.map((_, i) => [
        `part-${i}`,
        {
          provider: 'fmp',
          symbolsFile: `symbols-${i}.txt`,
          every: '1h',
          records: ['quote'],
          transports: ['sink'],
        },
      ]),
    ),
  };
  // Long lists go in symbols files, as the README advises: parsing thousands of YAML list
  // items, with the positions kept for error messages, costs far more memory than lines.
  parts.forEach((part, i) => {
    writeFileSync(path.join(dir, `symbols-${i}.txt`), `${part.join('\n')}\n`);
  });
  // JSON is YAML; the manifest loader reads it like any stockpoller.yaml.
  writeFileSync(manifestFile, JSON.stringify(manifest));

  const prepared = await prepareConfig({ configPath: manifestFile, cwd: dir, vars: {} });
  const logger = createLogger(prepared.manifest.logLevel);
  const container = createContainer(prepared, { logger });
  const kernel = container.resolve(Kernel);
  await kernel.start();
  const runner = container.resolve(PipelineRunner);
  const sink = kernel.instance('transport', 'sink') as CountingTransport;
  return {
    runner,
    sink,
    stop: async () => {
      await kernel.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls every symbol once through the runner; throws unless every quote was delivered. */
export async function pipelineRound(deployment: Deployment): Promise<number> {
  const before = deployment.sink.count();
  const results = await deployment.runner.runOnce();
  let records = 0;
  for (const [name, stats] of results) {
    if (stats.failedSymbols > 0 || stats.invalidRecords > 0) {
      throw new Error(`pipeline ${name}: ${JSON.stringify(stats)}`);
    }
    records += stats.records;
  }
  const delivered = deployment.sink.count() - before;
  if (delivered !== records) throw new Error(`${records} polled but ${delivered} delivered`);
  return records;
}
