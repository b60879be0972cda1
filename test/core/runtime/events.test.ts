import { expect } from 'chai';
import { pino } from 'pino';
import sinon from 'sinon';
import { RuntimeEvents, runtimeEventTypes } from '../../../core/runtime/events.js';
import type { KernelEvent } from '../../../core/plugins/types.js';

describe('RuntimeEvents', () => {
  const log = pino({ level: 'silent' });
  const clock = { now: () => Date.parse('2026-03-02T15:00:00Z') };

  it('stamps each event with the clock and hands it to every listener', async () => {
    const events = new RuntimeEvents(clock, log);
    const seen: KernelEvent[] = [];
    events.subscribe((event) => {
      seen.push(event);
    });
    events.emit('provider.retries_exhausted', { provider: 'polygon', attempts: 3 });
    await events.settled();
    expect(seen).to.deep.equal([
      {
        type: 'provider.retries_exhausted',
        at: '2026-03-02T15:00:00.000Z',
        fields: { provider: 'polygon', attempts: 3 },
      },
    ]);
  });

  it('does not wait for listeners, and logs one that fails instead of throwing', async () => {
    const warn = sinon.spy();
    const events = new RuntimeEvents(clock, { info: () => undefined, warn } as never);
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    events.subscribe(() => slow);
    events.subscribe(() => {
      throw new Error('broken listener');
    });
    events.emit('provider.circuit_half_open', { provider: 'polygon' });
    let settled = false;
    const done = events.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).to.equal(false);
    release();
    await done;
    expect(warn.calledOnce).to.equal(true);
    expect(warn.firstCall.args[1]).to.equal('event listener failed');
  });

  it('stops delivering to a listener that unsubscribed', async () => {
    const events = new RuntimeEvents(clock, log);
    const listener = sinon.spy();
    const unsubscribe = events.subscribe(listener);
    unsubscribe();
    events.emit('provider.circuit_closed', { provider: 'polygon' });
    await events.settled();
    expect(listener.called).to.equal(false);
  });

  it('names every event <area>.<what>', () => {
    for (const type of runtimeEventTypes) expect(type).to.match(/^[a-z]+\.[a-z_]+$/);
  });
});
