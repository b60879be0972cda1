import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StockpollerError } from '../../core/errors/index.js';
import type { PluginDefinition, ProviderInstance } from '../../core/plugins/types.js';
import { createAjv } from '../../core/schema/ajv.js';
import { createRecordingContext, type RecordingContext } from '../contracts/provider-context.js';
import {
  startFakeServer,
  type FakeHandler,
  type FakeReply,
  type FakeServer,
} from './fake-server.js';
import { repoRoot } from './fixtures.js';

/** A provider plugin whose options are `O` (`never` accepts any plugin). */
type ProviderPlugin<O> = PluginDefinition<'provider', O>;

/** A provider that serves bars, as every provider these helpers open does. */
export type BarProvider = ProviderInstance & Required<Pick<ProviderInstance, 'fetchBars'>>;

/** A provider under test and the context it logs to. */
export interface OpenedProvider {
  readonly provider: BarProvider;
  readonly recording: RecordingContext;
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

/** Options through the plugin's schema with defaults filled in, as the kernel hands them over. */
export function optionsOf<O>(plugin: ProviderPlugin<O>, input: Record<string, unknown>): O {
  const options = structuredClone(input);
  const validate = createAjv({ coerceTypes: false, useDefaults: true }).compile(
    plugin.optionsSchema,
  );
  if (!validate(options)) throw new Error(`invalid options: ${JSON.stringify(validate.errors)}`);
  return options as O;
}

/**
 * Checks the plugin README's options table: one row per option and no other, each showing its
 * default as the schema gives it.
 */
export function expectReadmeDocumentsOptions(plugin: ProviderPlugin<never>): void {
  const file = path.join(repoRoot, 'plugins', `provider-${plugin.name}`, 'README.md');
  const rows = optionRows(readFileSync(file, 'utf8'));
  const properties = (plugin.optionsSchema.properties ?? {}) as Record<
    string,
    { default?: unknown }
  >;

  expect([...rows.keys()].sort()).to.deep.equal(Object.keys(properties).sort());
  for (const [name, schema] of Object.entries(properties)) {
    if (schema.default === undefined) continue;
    const shown =
      typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
    expect(rows.get(name), name).to.equal(`\`${shown}\``);
  }
}

/** Rows of the README's options table (the one headed `| Option |`): name to Default cell. */
function optionRows(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^\|\s*Option\s*\|/.test(line));
  for (const line of start === -1 ? [] : lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined && cells.length >= 5) rows.set(name, cells[3] ?? '');
  }
  return rows;
}

/**
 * Opens providers of one plugin on recording contexts (real HTTP pools, a fixed clock, every
 * log line kept) and closes them all at once.
 */
export class ProviderOpener<O> {
  private readonly opened: RecordingContext[] = [];

  constructor(
    private readonly plugin: ProviderPlugin<O>,
    private readonly nowMs: number,
  ) {}

  /** A recording context labelled with the plugin's name; {@link closeAll} closes it. */
  record(nowMs = this.nowMs): RecordingContext {
    const recording = createRecordingContext(this.plugin.name, nowMs);
    this.opened.push(recording);
    return recording;
  }

  /** The plugin's instance for `options` (taken as they are: no defaults are filled in). */
  async open(options: O, nowMs = this.nowMs): Promise<OpenedProvider> {
    const recording = this.record(nowMs);
    const provider = await this.plugin.create(recording.context, options);
    expect('fetchBars' in provider, `${this.plugin.name} serves bars`).to.equal(true);
    return { provider: provider as BarProvider, recording };
  }

  /** Closes the HTTP pools of every context made so far. */
  async closeAll(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((recording) => recording.close()));
  }
}

/** What {@link useProviderHarness} sets up. */
export interface ProviderHarnessSpec<O, F extends FakeServer> {
  readonly plugin: ProviderPlugin<O>;
  /** The test clock, epoch ms. */
  readonly nowMs: number;
  /** Starts the plugin's fake API. */
  readonly startFake: () => Promise<F>;
  /** Options of a provider on the API at `url`, before a test's own changes. */
  readonly optionsFor: (url: string) => O;
  /** A fresh fake for every test rather than one for the whole suite. */
  readonly fakePerTest?: boolean;
}

/** What a provider test gets from {@link useProviderHarness}. */
export interface ProviderHarness<O, F extends FakeServer> {
  /** The fake API: the suite's, or the running test's with `fakePerTest`. */
  readonly server: () => F;
  /** A provider on the API at `url`, its options the spec's changed by `options`. */
  readonly providerFor: (
    url: string,
    options?: Partial<O>,
    nowMs?: number,
  ) => Promise<OpenedProvider>;
  /** A one-off server answering every request with `reply` (or the handler's answers). */
  readonly serverReplying: (reply: FakeReply | FakeHandler) => Promise<FakeServer>;
  /** Replaces the fake API with the one `start` starts. */
  readonly restart: (start: () => Promise<F>) => Promise<void>;
}

/**
 * Registers a suite's mocha hooks and returns its harness: the fake API is started before the
 * suite (or each test), and every provider and server opened is closed after it.
 */
export function useProviderHarness<O, F extends FakeServer>(
  spec: ProviderHarnessSpec<O, F>,
): ProviderHarness<O, F> {
  const opener = new ProviderOpener(spec.plugin, spec.nowMs);
  const servers: FakeServer[] = [];
  let fake: F | undefined;

  const startFake = async (): Promise<void> => {
    fake = await spec.startFake();
    servers.push(fake);
  };
  const closeAll = async (): Promise<void> => {
    await opener.closeAll();
    await Promise.all(servers.splice(0).map((server) => server.close()));
    fake = undefined;
  };
  if (spec.fakePerTest === true) {
    beforeEach(startFake);
    afterEach(closeAll);
  } else {
    before(startFake);
    after(closeAll);
  }

  return {
    server: () => fake ?? expect.fail('the fake API is not running'),
    providerFor: (url, options = {}, nowMs = spec.nowMs) =>
      opener.open({ ...spec.optionsFor(url), ...options }, nowMs),
    serverReplying: async (reply) => {
      const custom = await startFakeServer(typeof reply === 'function' ? reply : () => reply);
      servers.push(custom);
      return custom;
    },
    restart: async (start) => {
      const old = fake;
      if (old !== undefined) servers.splice(servers.indexOf(old), 1);
      await old?.close();
      fake = await start();
      servers.push(fake);
    },
  };
}
