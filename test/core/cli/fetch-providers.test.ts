import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateRecord } from '../../../core/contract/validate.js';
import type { ProviderContractSubject } from '../../contracts/provider-contract.js';
import { runCli } from '../../helpers/cli.js';
import type { FakeServer } from '../../helpers/fake-server.js';
import { alpacaSubject } from '../../plugins/provider-alpaca/subject.js';
import { alphavantageSubject } from '../../plugins/provider-alphavantage/subject.js';
import { barchartSubject } from '../../plugins/provider-barchart/subject.js';
import { finnhubSubject } from '../../plugins/provider-finnhub/subject.js';
import { fmpSubject } from '../../plugins/provider-fmp/subject.js';
import { intrinioSubject } from '../../plugins/provider-intrinio/subject.js';
import { polygonBasicSubject, polygonSubject } from '../../plugins/provider-polygon/subject.js';
import { tiingoSubject } from '../../plugins/provider-tiingo/subject.js';
import { twelvedataSubject } from '../../plugins/provider-twelvedata/subject.js';

/** Every built-in provider that talks to a real API, with its fake API. */
const subjects: readonly ProviderContractSubject[] = [
  polygonSubject,
  polygonBasicSubject,
  finnhubSubject,
  alphavantageSubject,
  alpacaSubject,
  twelvedataSubject,
  fmpSubject,
  tiingoSubject,
  intrinioSubject,
  barchartSubject,
];

/**
 * A deployment using the provider against its fake API. Options the plugin marks x-secret are
 * written as ${secret:...} references and handed over through the env secret store.
 */
function deploymentFor(
  subject: ProviderContractSubject,
  server: FakeServer,
): { dir: string; env: NodeJS.ProcessEnv } {
  const properties = (subject.plugin.optionsSchema.properties ?? {}) as Record<
    string,
    { 'x-secret'?: boolean }
  >;
  const env: NodeJS.ProcessEnv = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(subject.optionsFor(server, 'ok'))) {
    if (properties[key]?.['x-secret'] === true && typeof value === 'string') {
      env[`FETCH_TEST_${key.toUpperCase()}`] = value;
      options[key] = `\${secret:${key}}`;
    } else {
      options[key] = value;
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `sp-fetch-${subject.plugin.name}-`));
  writeFileSync(
    path.join(dir, 'stockpoller.yaml'),
    [
      'version: 1',
      'logLevel: silent',
      'secretStores: { env: { use: env, options: { prefix: FETCH_TEST_, naming: upper-snake } } }',
      `providers: { api: { use: ${subject.plugin.name}, options: ${JSON.stringify(options)} } }`,
      'transports: { out: { use: stdout } }',
      'pipelines: { x: { provider: api, symbols: [AAA], transports: [out] } }',
    ].join('\n'),
  );
  return { dir, env };
}

/** The env secret store reads process.env when asked: lend it the variables for one run. */
async function withEnv<T>(vars: NodeJS.ProcessEnv, run: () => Promise<T>): Promise<T> {
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const name of Object.keys(vars)) Reflect.deleteProperty(process.env, name);
  }
}

for (const subject of subjects) {
  describe(`stockpoller fetch against the ${subject.label ?? subject.plugin.name} fake API`, () => {
    let server: FakeServer;

    before(async () => {
      server = await subject.startServer();
    });

    after(async () => {
      await server.close();
    });

    it('prints valid quotes and a classified error for the unknown symbol, exit 1', async () => {
      const { dir, env } = deploymentFor(subject, server);
      const symbols = [...subject.knownSymbols, subject.unknownSymbol];
      const result = await withEnv(env, () =>
        runCli(['fetch', '--provider', 'api', ...symbols], { cwd: dir, env }),
      );

      expect(result.code, result.stderr).to.equal(1);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((l) => l.symbol)).to.deep.equal(symbols);
      for (const quote of lines.slice(0, -1))
        expect(validateRecord('stockpoller.quote', quote)).to.deep.equal({ valid: true });
      expect(lines.at(-1)).to.have.nested.property('error.retryable', false);
      expect((lines.at(-1) as { error: { kind: string } }).error.kind).to.be.oneOf([
        'not_found',
        'no_data',
      ]);
    });

    if (subject.dailyBars !== undefined) {
      const range = subject.dailyBars;
      it('prints the daily bars of a range, exit 0', async () => {
        const { dir, env } = deploymentFor(subject, server);
        const args = [
          'fetch',
          '--provider',
          'api',
          '--bars',
          '--interval',
          '1d',
          '--from',
          range.from,
          '--to',
          range.to,
          range.symbol,
        ];
        const result = await withEnv(env, () => runCli(args, { cwd: dir, env }));

        expect(result.code, result.stdout + result.stderr).to.equal(0);
        const bars = result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { date: string });
        // The contract suite's fixed clock may cut the last bar as incomplete; fetch runs on
        // the real clock, so it sees at least those dates and nothing outside the range.
        const dates = bars.map((b) => b.date);
        expect(dates).to.include.members([...range.dates]);
        for (const date of dates)
          expect(date >= range.from && date <= range.to, date).to.equal(true);
      });
    }
  });
}
