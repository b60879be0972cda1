import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StockpollerError } from '../../../core/errors/index.js';
import type { ProviderInstance } from '../../../core/plugins/types.js';
import barchart from '../../../plugins/provider-barchart/index.js';
import type { BarchartOptions } from '../../../plugins/provider-barchart/options-schema.js';
import { createRecordingContext, type RecordingContext } from '../../contracts/provider-context.js';
import {
  startFakeServer,
  type FakeHandler,
  type FakeReply,
  type FakeServer,
} from '../../helpers/fake-server.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { startBarchartFake } from './fake-api.js';

/** The test clock: a Wednesday after the close, after the 2025-03-09 DST switch. */
export const nowMs = Date.parse('2025-03-12T21:00:00.000Z');

/** The key every barchart test provider sends (it selects the fake's `ok` scenario). */
export const key = 'key-ok-barchart-0123456789';

/** What a barchart test gets: the shared fake, providers on any server, one-off servers. */
export interface BarchartHarness {
  /** The fake API, started before the suite. */
  readonly server: () => FakeServer;
  readonly providerFor: (
    url: string,
    options?: Partial<BarchartOptions>,
  ) => Promise<{ provider: ProviderInstance; recording: RecordingContext }>;
  /** A server answering every request with `reply` (or the handler's answers). */
  readonly serverReplying: (reply: FakeReply | FakeHandler) => Promise<FakeServer>;
}

/** Registers the suite's hooks and returns its harness; everything opened is closed after. */
export function useBarchartHarness(): BarchartHarness {
  let fake: FakeServer | undefined;
  const opened: RecordingContext[] = [];
  const servers: FakeServer[] = [];

  before(async () => {
    fake = await startBarchartFake();
    servers.push(fake);
  });

  after(async () => {
    await Promise.all(opened.map((r) => r.close()));
    await Promise.all(servers.map((s) => s.close()));
  });

  return {
    server: () => fake ?? expect.fail('the fake API has not started'),
    async providerFor(url, options = {}) {
      const recording = createRecordingContext('barchart', nowMs);
      opened.push(recording);
      const provider = await barchart.create(recording.context, {
        apiKey: key,
        baseUrl: url,
        timeoutMs: 2000,
        batchSize: 100,
        adjusted: false,
        ...options,
      });
      return { provider, recording };
    },
    async serverReplying(reply) {
      const custom = await startFakeServer(typeof reply === 'function' ? reply : () => reply);
      servers.push(custom);
      return custom;
    },
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failureOf(work: Promise<unknown>): Promise<StockpollerError> {
  try {
    await work;
  } catch (error) {
    return error as StockpollerError;
  }
  return expect.fail('expected a failure');
}

/** Checks that the README's Options table lists every option with its default. */
export function expectReadmeDocumentsOptions(): void {
  const readme = readFileSync(
    path.join(repoRoot, 'plugins', 'provider-barchart', 'README.md'),
    'utf8',
  );
  const properties = barchart.optionsSchema.properties as Record<string, { default?: unknown }>;
  for (const [option, schema] of Object.entries(properties)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${option}\``));
    expect(row, option).to.not.equal(undefined);
    if (schema.default === undefined) continue;
    const shown =
      typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
    expect(row?.split('|')[3]?.trim(), option).to.equal(`\`${shown}\``);
  }
}

/** An OnDemand body with `status.code` and `results`, sent with HTTP 200. */
export function envelope(
  code: number | string,
  message: string,
  results: unknown = null,
): FakeReply {
  return { body: { status: { code, message }, results } };
}
