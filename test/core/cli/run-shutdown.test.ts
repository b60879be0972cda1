import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hardCapMs } from '../../../core/cli/commands/run-shutdown.js';
import { runBin, type CliResult } from '../../helpers/cli.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js';
import { fixturePath } from '../../helpers/fixtures.js';

const fixturePlugins = JSON.stringify(fixturePath('plugins', 'shutdown.mjs'));

/** Writes a manifest (logs at info, the shutdown fixtures loaded) into a fresh directory. */
function deployment(lines: readonly string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-shutdown-'));
  const manifest = ['version: 1', 'logLevel: info', `plugins: [${fixturePlugins}]`, ...lines];
  writeFileSync(path.join(dir, 'stockpoller.yaml'), manifest.join('\n'));
  return dir;
}

/** A slow-quotes pipeline polling AAA and BBB once an hour to stdout. */
function slowPoll(options: string): string {
  return deployment([
    `providers: { slow: { use: slow-quotes, options: ${options} } }`,
    'transports: { out: { use: stdout } }',
    'pipelines: { x: { provider: slow, symbols: [AAA, BBB], every: 1h, transports: [out] } }',
  ]);
}

interface Signalled extends CliResult {
  /** Milliseconds from the first signal to the exit. */
  readonly afterSignalMs: number;
}

/**
 * Runs `stockpoller run` in `dir` and sends `signals[0]` once stderr shows `trigger`, then
 * each further signal once the previous one was logged as heard.
 */
async function runUntil(
  dir: string,
  args: readonly string[],
  trigger: string,
  signals: readonly NodeJS.Signals[],
): Promise<Signalled> {
  let sent = 0;
  let firstAt = 0;
  const result = await runBin(['run', ...args], {
    cwd: dir,
    onStderr: (text, kill) => {
      const heard = sent === 0 ? text.includes(trigger) : text.includes('"msg":"shutting down"');
      if (sent < signals.length && heard) {
        if (sent === 0) firstAt = Date.now();
        kill(signals[sent] as NodeJS.Signals);
        sent += 1;
      }
    },
  });
  expect(sent, result.stderr).to.equal(signals.length);
  return { ...result, afterSignalMs: Date.now() - firstAt };
}

function symbolsOn(stdout: string): string[] {
  const lines = stdout.trim().split('\n').filter(Boolean);
  return lines.map((l) => (JSON.parse(l) as { record: { symbol: string } }).record.symbol).sort();
}

/** The log lines of stderr with message `msg`. */
function logsOf(stderr: string, msg: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

describe('stockpoller run shutdown', () => {
  describe('a signal while a poll is in flight', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`lets the poll finish, publishes its records and exits 0 on ${signal}`, async () => {
        const dir = slowPoll('{ delayMs: 1500 }');
        const result = await runUntil(dir, ['--grace-period', '10s'], 'slow quote call started', [
          signal,
        ]);

        expect(result.code, result.stderr).to.equal(0);
        expect(symbolsOn(result.stdout)).to.deep.equal(['AAA', 'BBB']);
        const [summary] = logsOf(result.stderr, 'stopped');
        expect(summary).to.deep.include({ exitCode: 0, skippedTicks: { x: 0 } });
        expect(summary).to.have.nested.property('deliveries.out.delivered', 2);
        expect(
          logsOf(result.stderr, 'grace period expired, abandoning polls and buffered messages'),
        ).to.be.empty;
      });
    }
  });

  describe('a provider that never answers', () => {
    it('exits 1 soon after the grace period, warning what was left, when it ignores the abort', async () => {
      const dir = slowPoll('{ delayMs: 60000, deafToAbort: true }');
      const result = await runUntil(dir, ['--grace-period', '1s'], 'slow quote call started', [
        'SIGTERM',
      ]);

      expect(result.code, result.stderr).to.equal(1);
      expect(result.afterSignalMs).to.be.within(1_000, 1_000 + hardCapMs);
      const [warning] = logsOf(
        result.stderr,
        'grace period expired, abandoning polls and buffered messages',
      );
      expect(warning).to.deep.include({
        gracePeriodMs: 1000,
        polling: ['x'],
        buffered: { out: 0 },
      });
      expect(logsOf(result.stderr, 'stopped')[0]).to.include({ exitCode: 1 });
      expect(result.stdout).to.equal('');
    });

    describe('over HTTP', () => {
      let server: FakeServer | undefined;
      afterEach(async () => {
        await server?.close();
        server = undefined;
      });

      it('aborts the request held by the API and exits 1 after the grace period', async () => {
        // The signal goes once the request is held and the child's stderr is known.
        let kill: ((name: NodeJS.Signals) => void) | undefined;
        let requested = false;
        const signalWhenHeld = (): void => {
          if (
            !requested &&
            kill !== undefined &&
            server !== undefined &&
            server.requests.length > 0
          ) {
            requested = true;
            kill('SIGTERM');
          }
        };
        server = await startFakeServer(() => {
          setImmediate(signalWhenHeld);
          return new Promise(() => undefined);
        });
        const dir = deployment([
          'providers:',
          `  hub: { use: finnhub, options: { apiKey: test-key, baseUrl: "${server.url}" } }`,
          'transports: { out: { use: stdout } }',
          'pipelines: { x: { provider: hub, symbols: [AAA], every: 1h, transports: [out] } }',
        ]);
        const result = await runBin(['run', '--grace-period', '1s'], {
          cwd: dir,
          onStderr: (_text, signal) => {
            kill = signal;
            signalWhenHeld();
          },
        });

        expect(requested, result.stderr).to.equal(true);
        expect(result.code, result.stderr).to.equal(1);
        const [warning] = logsOf(
          result.stderr,
          'grace period expired, abandoning polls and buffered messages',
        );
        expect(warning).to.deep.include({ polling: ['x'] });
        expect(result.stdout).to.equal('');
      });
    });
  });

  describe('a plugin whose stop never returns', () => {
    it('is abandoned at the end of the grace period, and the process exits 1', async () => {
      const dir = deployment([
        'providers: { slow: { use: slow-quotes, options: { delayMs: 0 } } }',
        'transports: { stuck: { use: lifecycle, options: { stopNever: true } } }',
        'pipelines: { x: { provider: slow, symbols: [AAA], every: 1h, transports: [stuck] } }',
      ]);
      const result = await runUntil(dir, ['--grace-period', '1s'], 'slow quote call answered', [
        'SIGTERM',
      ]);

      expect(result.code, result.stderr).to.equal(1);
      expect(result.afterSignalMs).to.be.within(1_000, 1_000 + hardCapMs);
      expect(logsOf(result.stderr, 'lifecycle transport stuck stopping')).to.have.length(1);
      const [warning] = logsOf(result.stderr, 'grace period expired, plugins abandoned');
      expect(warning).to.deep.include({ plugins: ['transport "stuck"'] });
      expect(logsOf(result.stderr, 'stopped')[0]).to.deep.include({
        exitCode: 1,
        abandonedPlugins: ['transport "stuck"'],
      });
    });
  });

  describe('a second signal', () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      it(`exits ${code} at once on a second ${signal}`, async () => {
        const dir = slowPoll('{ delayMs: 60000, deafToAbort: true }');
        const result = await runUntil(dir, ['--grace-period', '30s'], 'slow quote call started', [
          signal,
          signal,
        ]);

        expect(result.code, result.stderr).to.equal(code);
        expect(logsOf(result.stderr, 'second signal, exiting now')).to.have.length(1);
        expect(logsOf(result.stderr, 'stopped')).to.be.empty;
      });
    }
  });

  describe('run --once', () => {
    it('lets the poll finish and be delivered on SIGTERM, then exits 143', async () => {
      const dir = slowPoll('{ delayMs: 1500 }');
      const result = await runUntil(
        dir,
        ['--once', '--grace-period', '10s'],
        'slow quote call started',
        ['SIGTERM'],
      );

      expect(result.code, result.stderr).to.equal(143);
      expect(symbolsOn(result.stdout)).to.deep.equal(['AAA', 'BBB']);
      expect(logsOf(result.stderr, 'stopped')[0]).to.include({ exitCode: 0 });
    });

    it('abandons a poll deaf to the abort once the grace period is over, exiting 130', async () => {
      const dir = slowPoll('{ delayMs: 60000, deafToAbort: true }');
      const result = await runUntil(
        dir,
        ['--once', '--grace-period', '1s'],
        'slow quote call started',
        ['SIGINT'],
      );

      expect(result.code, result.stderr).to.equal(130);
      expect(result.afterSignalMs).to.be.within(1_000, 1_000 + hardCapMs);
      const [warning] = logsOf(
        result.stderr,
        'grace period expired, abandoning polls and buffered messages',
      );
      expect(warning).to.deep.include({ polling: ['x'] });
      expect(result.stdout).to.equal('');
    });
  });

  describe('a signal during startup', () => {
    it('stops the transports that started, in reverse, and exits 143', async () => {
      const dir = deployment([
        'providers: { sim: { use: simulated } }',
        'transports:',
        '  fast: { use: lifecycle }',
        '  slow: { use: lifecycle, options: { startDelayMs: 1500 } }',
        'pipelines: { x: { provider: sim, symbols: [AAA], every: 1s, transports: [fast, slow] } }',
      ]);
      const result = await runUntil(
        dir,
        [],
        '"label":"slow","msg":"lifecycle transport starting"',
        ['SIGTERM'],
      );

      expect(result.code, result.stderr).to.equal(143);
      const stopped = logsOf(result.stderr, 'lifecycle transport stopped').map((l) => l.label);
      expect(stopped).to.deep.equal(['slow', 'fast']);
      const started = logsOf(result.stderr, 'plugin started').map((l) => l.label);
      expect(started).to.deep.equal(['fast']);
      expect(logsOf(result.stderr, 'running')).to.be.empty;
      expect(logsOf(result.stderr, 'stopped during startup')[0]).to.include({
        signal: 'SIGTERM',
        exitCode: 143,
      });
      expect(result.stdout).to.equal('');
    });
  });
});
