import { expect } from 'chai';
import { defaultBufferConfig, defaultProviderRuntime } from '../../../core/config/manifest.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PluginContext } from '../../../core/plugins/types.js';
import { createKernel, fake, fakeManifest, fakeRegistry, type Journal } from './kernel-fixtures.js';

async function failureOf(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  return expect.fail('expected a failure');
}

describe('Kernel', () => {
  describe('start()', () => {
    it('starts secret stores, caches, transports, notifiers, then providers', async () => {
      const journal: Journal = [];
      const kernel = createKernel(fakeManifest(), fakeRegistry(journal));
      await kernel.start();

      expect(journal).to.deep.equal([
        'start:secret-store/vault',
        'start:cache/local',
        'start:cache/shared',
        'start:transport/bus',
        'start:notifier/chat',
        'start:provider/market',
      ]);
      await kernel.stop();
    });

    it('resolves secret references and coerces the result to the option type', async () => {
      const options = new Map<string, Record<string, unknown>>();
      const registry = fakeRegistry([], {
        options,
        secrets: { 'bus/port': '5672', 'bus/password': 'hunter2' },
      });
      const manifest = fakeManifest({
        transports: {
          bus: {
            use: 'fake',
            options: { port: '${secret:bus/port}', password: 'x${secret:bus/password}' },
            buffer: defaultBufferConfig,
          },
        },
      });
      const refs = [
        { pointer: '/transports/bus/options/port', path: 'bus/port' },
        { pointer: '/transports/bus/options/password', path: 'bus/password' },
      ];
      const kernel = createKernel(manifest, registry, refs);
      await kernel.start();

      expect(options.get('transport/bus')).to.deep.equal({ port: 5672, password: 'xhunter2' });
      await kernel.stop();
    });

    it('fails without echoing the secret when a resolved secret breaks the option type', async () => {
      const registry = fakeRegistry([], { secrets: { 'bus/port': 'not-a-port' } });
      const manifest = fakeManifest({
        transports: {
          bus: {
            use: 'fake',
            options: { port: '${secret:bus/port}' },
            buffer: defaultBufferConfig,
          },
        },
      });
      const refs = [{ pointer: '/transports/bus/options/port', path: 'bus/port' }];
      const error = await failureOf(createKernel(manifest, registry, refs).start());

      expect(error.code).to.equal('SP_ERR_PLUGIN_START_FAILED');
      expect(error.message).to.contain('/port').and.not.contain('not-a-port');
    });

    it('fails with SP_ERR_PLUGIN_START_FAILED when no store holds a secret', async () => {
      const journal: Journal = [];
      const manifest = fakeManifest({
        providers: {
          market: {
            use: 'fake',
            options: { password: '${secret:nowhere}' },
            ...defaultProviderRuntime,
          },
        },
      });
      const refs = [{ pointer: '/providers/market/options/password', path: 'nowhere' }];
      const error = await failureOf(createKernel(manifest, fakeRegistry(journal), refs).start());

      expect(error.code).to.equal('SP_ERR_SECRET_NOT_FOUND');
      expect(error.message).to.contain('nowhere').and.contain('vault');
      expect(journal.at(-1)).to.equal('stop:secret-store/vault');
    });

    it('stops what started, in reverse, when a plugin fails to create', async () => {
      const journal: Journal = [];
      const registry = fakeRegistry(journal, { failCreate: 'notifier/chat' });
      const error = await failureOf(createKernel(fakeManifest(), registry).start());

      expect(error.code).to.equal('SP_ERR_PLUGIN_START_FAILED');
      expect(error.message).to.contain('notifier "chat"').and.contain('cannot create');
      expect(journal.slice(-4)).to.deep.equal([
        'stop:transport/bus',
        'stop:cache/shared',
        'stop:cache/local',
        'stop:secret-store/vault',
      ]);
    });

    it('fails with SP_ERR_PLUGIN_START_TIMEOUT when start() outlives its timeout', async () => {
      const journal: Journal = [];
      const registry = fakeRegistry(journal, { hangStart: 'provider/market' });
      const error = await failureOf(createKernel(fakeManifest(), registry).start());

      expect(error.code).to.equal('SP_ERR_PLUGIN_START_TIMEOUT');
      expect(error.message).to.contain('200 ms');
      expect(journal).to.include('stop:provider/market');
      expect(journal.at(-1)).to.equal('stop:secret-store/vault');
    });

    it('gives plugins the first cache, and secret stores a lookup that refuses', async () => {
      const contexts = new Map<string, PluginContext>();
      const kernel = createKernel(fakeManifest(), fakeRegistry([], { contexts }));
      await kernel.start();

      const providerContext = contexts.get('provider/market');
      expect(providerContext?.cache).to.equal(kernel.instance('cache', 'local'));
      const storeError = await failureOf(contexts.get('secret-store/vault')!.secret('x'));
      expect(storeError.code).to.equal('SP_ERR_SECRET_NOT_FOUND');
      await kernel.stop();
    });
  });

  describe('stop()', () => {
    it('stops in reverse start order and is safe to call twice', async () => {
      const journal: Journal = [];
      const kernel = createKernel(fakeManifest(), fakeRegistry(journal));
      await kernel.start();
      journal.length = 0;
      await kernel.stop();
      await kernel.stop();

      expect(journal).to.deep.equal([
        'stop:provider/market',
        'stop:notifier/chat',
        'stop:transport/bus',
        'stop:cache/shared',
        'stop:cache/local',
        'stop:secret-store/vault',
      ]);
    });

    it('sends runtime events to notifiers until it stops, a failing notifier breaking nothing', async () => {
      const journal: Journal = [];
      const manifest = fakeManifest({ notifiers: { chat: fake(), pager: fake() } });
      const kernel = createKernel(manifest, fakeRegistry(journal, { failNotify: 'notifier/chat' }));
      await kernel.start();
      journal.length = 0;
      kernel.events.emit('provider.circuit_opened', { provider: 'market' });
      await kernel.events.settled();
      expect(journal).to.have.members([
        'notify:notifier/chat:provider.circuit_opened',
        'notify:notifier/pager:provider.circuit_opened',
      ]);

      await kernel.stop();
      journal.length = 0;
      kernel.events.emit('provider.circuit_closed', { provider: 'market' });
      await kernel.events.settled();
      expect(journal).to.deep.equal([]);
    });

    it('closes the HTTP pools it handed out', async () => {
      const server: Server = createServer((_, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const contexts = new Map<string, PluginContext>();
      const kernel = createKernel(fakeManifest(), fakeRegistry([], { contexts }));
      await kernel.start();

      const pool = contexts.get('provider/market')!.http(`http://127.0.0.1:${port}`);
      const response = await pool.request({ path: '/', method: 'GET' });
      expect(await response.body.text()).to.equal('ok');
      await kernel.stop();

      expect((pool as unknown as { closed: boolean }).closed).to.equal(true);
      server.close();
    });
  });

  describe('stop() with a budget', () => {
    it('abandons a stop that outlives the deadline, still stopping the others in reverse', async () => {
      const journal: Journal = [];
      const kernel = createKernel(
        fakeManifest(),
        fakeRegistry(journal, { hangStop: 'transport/bus' }),
      );
      await kernel.start();
      journal.length = 0;
      // The fake clock stays at 0: every step has 50 ms left.
      const report = await kernel.stop({ deadlineMs: 50 });

      expect(report.abandoned).to.deep.equal(['transport "bus"']);
      expect(journal).to.deep.equal([
        'stop:provider/market',
        'stop:notifier/chat',
        'stop:transport/bus',
        'stop:cache/shared',
        'stop:cache/local',
        'stop:secret-store/vault',
      ]);
    });

    it('still asks every plugin to stop when the deadline has already passed', async () => {
      const journal: Journal = [];
      const kernel = createKernel(
        fakeManifest(),
        fakeRegistry(journal, { hangStop: 'cache/local' }),
      );
      await kernel.start();
      journal.length = 0;
      const report = await kernel.stop({ deadlineMs: -1 });

      expect(report.abandoned).to.deep.equal(['cache "local"']);
      expect(journal).to.have.length(6);
      expect(journal.at(-1)).to.equal('stop:secret-store/vault');
    });
  });

  describe('stop() during start()', () => {
    it('lets the plugin being started finish, then stops what started, in reverse', async () => {
      const journal: Journal = [];
      const registry = fakeRegistry(journal, { startDelayMs: { 'transport/bus': 50 } });
      const kernel = createKernel(fakeManifest(), registry);
      const started = failureOf(kernel.start());
      while (!journal.includes('start:transport/bus')) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const report = await kernel.stop({ deadlineMs: 5_000 });

      expect(report.abandoned).to.deep.equal([]);
      expect(journal).to.deep.equal([
        'start:secret-store/vault',
        'start:cache/local',
        'start:cache/shared',
        'start:transport/bus',
        'stop:transport/bus',
        'stop:cache/shared',
        'stop:cache/local',
        'stop:secret-store/vault',
      ]);
      const error = await started;
      expect(error.code).to.equal('SP_ERR_PLUGIN_START_FAILED');
      expect(error.message).to.contain('transport "bus"').and.contain('stopped while starting');
    });

    it('stops a plugin whose start outlives the deadline anyway, reporting it', async () => {
      const journal: Journal = [];
      const registry = fakeRegistry(journal, { hangStart: 'transport/bus' });
      const kernel = createKernel(fakeManifest(), registry);
      const started = failureOf(kernel.start());
      while (!journal.includes('start:transport/bus')) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const report = await kernel.stop({ deadlineMs: 20 });

      expect(report.abandoned).to.deep.equal(['transport "bus"']);
      expect(journal.slice(4)).to.deep.equal([
        'stop:transport/bus',
        'stop:cache/shared',
        'stop:cache/local',
        'stop:secret-store/vault',
      ]);
      expect((await started).code).to.equal('SP_ERR_PLUGIN_START_FAILED');
      expect(journal).to.not.include('start:provider/market');
    });
  });

  describe('health()', () => {
    it('reports each running instance, counting a missing check as healthy', async () => {
      const registry = fakeRegistry([], {
        health: {
          'transport/bus': { healthy: false, detail: 'broker unreachable' },
          'provider/market': new Error('probe crashed'),
          'cache/local': { healthy: true },
        },
      });
      const kernel = createKernel(fakeManifest(), registry);
      await kernel.start();
      const report = await kernel.health();

      expect(report).to.deep.include({
        kind: 'transport',
        label: 'bus',
        healthy: false,
        detail: 'broker unreachable',
      });
      expect(report).to.deep.include({
        kind: 'provider',
        label: 'market',
        healthy: false,
        detail: 'probe crashed',
      });
      expect(report).to.deep.include({ kind: 'cache', label: 'local', healthy: true });
      expect(report).to.deep.include({ kind: 'notifier', label: 'chat', healthy: true });
      await kernel.stop();
    });
  });

  describe('rateGate()', () => {
    it('gives each provider a gate armed from its capabilities and the manifest overrides', async () => {
      const registry = fakeRegistry([]);
      registry.register(
        {
          kind: 'provider',
          name: 'limited',
          version: '1.0.0',
          core: '^0.1.0',
          optionsSchema: { type: 'object' },
          create: (context: PluginContext) => {
            contexts.set('limited', context);
            const capabilities = {
              quote: true,
              maxSymbolsPerCall: 1,
              dailyBars: false,
              intradayIntervals: [],
              rateLimits: { perSecond: 3 },
            };
            return { capabilities, fetchQuotes: () => Promise.resolve([]) };
          },
        },
        'built-in',
      );
      const contexts = new Map<string, PluginContext>();
      const manifest = fakeManifest({
        providers: {
          api: {
            use: 'limited',
            options: {},
            rateLimits: { perMinute: 10 },
            ...defaultProviderRuntime,
          },
        },
      });
      const kernel = createKernel(manifest, registry);
      await kernel.start();

      const gate = kernel.rateGate('api');
      expect(gate).to.equal(contexts.get('limited')?.rateLimit);
      expect(kernel.rateGate('nope')).to.equal(undefined);
      const limiter = (gate as unknown as { armed: { windows: { name: string; limit: number }[] } })
        .armed;
      expect(limiter.windows.map((w) => [w.name, w.limit])).to.deep.equal([
        ['second', 3],
        ['minute', 10],
      ]);
      await gate?.acquire(2);
      const states = await kernel.rateLimitStates();
      expect([...states.keys()]).to.deep.equal(['api']);
      expect(states.get('api')?.windows.map((w) => [w.name, w.used])).to.deep.equal([
        ['second', 2],
        ['minute', 2],
      ]);
      expect(states.get('api')).to.include({ waiters: 0, parked: false, pausedUntil: null });
      await kernel.stop();
    });
  });

  describe('cache()', () => {
    it('gives the cache named, the first declared one without a name, none without caches', async () => {
      const kernel = createKernel(fakeManifest(), fakeRegistry([]));
      await kernel.start();
      expect(kernel.cache('shared')).to.equal(kernel.instance('cache', 'shared'));
      expect(kernel.cache()).to.equal(kernel.instance('cache', 'local'));
      await kernel.stop();

      const bare = createKernel(fakeManifest({ caches: {} }), fakeRegistry([]));
      await bare.start();
      expect(bare.cache()).to.equal(undefined);
      await bare.stop();
    });
  });

  describe('instance()', () => {
    it('throws for a label that is not running', () => {
      const kernel = createKernel(fakeManifest(), fakeRegistry([]));
      expect(() => kernel.instance('provider', 'nope')).to.throw(/no running provider/);
    });
  });
});
