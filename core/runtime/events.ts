import type { Logger } from 'pino';
import type { Clock, KernelEvent, NotifierInstance } from '../plugins/types.js';

/**
 * The operational events the runtime emits. Notifiers receive every one; the names are part
 * of the public contract (a Slack notifier filters on them), so they are never renamed.
 */
export const runtimeEventTypes = [
  /** A call failed on its last allowed attempt: `{ provider, operation, attempts, code, kind }`. */
  'provider.retries_exhausted',
  /** The circuit opened after repeated failures: `{ provider, failures, openForMs, code }`. */
  'provider.circuit_opened',
  /** The circuit lets one probe call through: `{ provider }`. */
  'provider.circuit_half_open',
  /** A probe succeeded and calls flow again: `{ provider, openedForMs }`. */
  'provider.circuit_closed',
  /** A spent daily quota holds every call until its reset: `{ provider, quota, resumesAt }`. */
  'provider.quota_parked',
  /** A pipeline stopped polling because its market closed: `{ pipeline, exchange, nextOpen }`. */
  'pipeline.market_closed',
  /** A pipeline resumed polling because its market opened: `{ pipeline, exchange, session }`. */
  'pipeline.market_opened',
] as const;

export type RuntimeEventType = (typeof runtimeEventTypes)[number];

/** A subscriber; it must not throw, and its promise is not awaited by the emitter. */
export type EventListener = (event: KernelEvent) => void | Promise<void>;

/**
 * Fans runtime events out to subscribers (notifier instances, tests, metrics) without letting
 * a slow or failing subscriber hold up or break the code that emitted: every delivery runs on
 * its own and a failure is logged, never thrown back.
 */
export class RuntimeEvents {
  private readonly listeners = new Set<EventListener>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Adds a listener; the function returned removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends every notifier instance each event from now on. */
  subscribeNotifier(label: string, notifier: NotifierInstance): () => void {
    return this.subscribe(async (event) => {
      try {
        await notifier.notify(event);
      } catch (error) {
        this.log.warn({ notifier: label, event: event.type, err: error }, 'notifier failed');
      }
    });
  }

  emit(type: RuntimeEventType, fields: Readonly<Record<string, unknown>>): void {
    const event: KernelEvent = { type, at: new Date(this.clock.now()).toISOString(), fields };
    this.log.info({ event: type, ...fields }, 'runtime event');
    for (const listener of this.listeners) {
      const delivery = Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) => {
          this.log.warn({ event: type, err: error }, 'event listener failed');
        })
        .finally(() => this.pending.delete(delivery));
      this.pending.add(delivery);
    }
  }

  /** Resolves once every delivery started so far has ended (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
