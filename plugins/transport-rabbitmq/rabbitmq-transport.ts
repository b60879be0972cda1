import amqplib from 'amqplib';
import type { Envelope } from '../../core/contract/types.js';
import type {
  DeliveryResult,
  HealthStatus,
  PluginContext,
  TransportInstance,
} from '../../core/plugins/types.js';
import { BrokerLink, type ConnectFn } from './broker-link.js';
import { resolveConnectTarget, type ConnectTarget } from './connect-target.js';
import { createDeadLetterAccess } from './dead-letters.js';
import { deliverBatch } from './deliver-batch.js';
import { compileRoutingKey, toOutgoing, type PublishSettings } from './message.js';
import type { RabbitmqOptions } from './options-schema.js';
import { notRunningError, unconfirmedError } from './refusal.js';
import { assertTopology } from './topology.js';

/** What tests may replace. */
export interface RabbitmqDependencies {
  readonly connect?: ConnectFn;
}

/**
 * Creates the `rabbitmq` transport: persistent messages on a confirm channel, published batch by
 * batch (all of a batch, then the wait for its confirms), retried with backoff when refused and
 * dead-lettered after the last attempt, re-published after a lost connection. `start()`
 * connects and declares the topology; `stop()` waits up to `stopTimeoutMs` for outstanding
 * confirms, then closes; it is safe to call twice and after a failed start().
 */
export function createRabbitmqTransport(
  context: PluginContext,
  options: RabbitmqOptions,
  dependencies: RabbitmqDependencies = {},
): TransportInstance {
  const { log } = context;
  const connect: ConnectFn =
    dependencies.connect ?? ((url, socket) => amqplib.connect(url, socket));
  const settings: PublishSettings = {
    exchange: options.exchange,
    routingKeyOf: compileRoutingKey(options.routingKey),
    persistent: options.persistent,
    mandatory: options.mandatory,
  };
  let link: BrokerLink | undefined;
  let target: ConnectTarget | undefined;
  let stopping: Promise<void> | undefined;
  const stopAbort = new AbortController();
  // publish() calls run one after another: a batch's retries never interleave with the next.
  let queue: Promise<unknown> = Promise.resolve();

  const refuseAll = (envelopes: readonly Envelope[], why: string): DeliveryResult[] =>
    envelopes.map(({ id }) => ({ id, delivered: false, error: unconfirmedError(id, why) }));

  const publishBatch = async (envelopes: readonly Envelope[]): Promise<DeliveryResult[]> => {
    if (link === undefined) return refuseAll(envelopes, 'the transport is not started');
    if (stopAbort.signal.aborted) return refuseAll(envelopes, 'the transport is stopped');
    const timeLimit = new AbortController();
    const timer =
      options.publishTimeoutMs > 0
        ? setTimeout(() => {
            timeLimit.abort(
              new Error(`no confirm within publishTimeoutMs (${options.publishTimeoutMs} ms)`),
            );
          }, options.publishTimeoutMs)
        : undefined;
    const messages = envelopes.map((envelope) => ({
      id: envelope.id,
      message: toOutgoing(envelope, settings),
    }));
    const policy = {
      link,
      retry: options.retry,
      deadLetter: options.deadLetter,
      clock: context.clock,
      log,
    };
    try {
      return await deliverBatch(
        policy,
        messages,
        AbortSignal.any([stopAbort.signal, timeLimit.signal]),
      );
    } finally {
      clearTimeout(timer);
    }
  };

  const requireConnection = (): { target: ConnectTarget; connect: ConnectFn } => {
    if (target === undefined || link === undefined || stopping !== undefined) {
      throw notRunningError(link === undefined ? 'is not started' : 'is stopping');
    }
    return { target, connect };
  };

  return {
    async start(): Promise<void> {
      const resolved = await resolveConnectTarget(options);
      const candidate = new BrokerLink({
        target: resolved,
        reconnect: options.reconnect,
        setup: (model) => assertTopology(model, options),
        connect,
        log,
      });
      await candidate.open();
      // The kernel calls stop() when start() runs over its time limit; a connection that
      // comes up after that must not outlive the transport.
      if (stopping !== undefined) {
        await candidate.close();
        throw notRunningError('was stopped while it started');
      }
      link = candidate;
      target = resolved;
    },

    publish(envelopes: readonly Envelope[]): Promise<DeliveryResult[]> {
      if (stopping !== undefined) {
        return Promise.resolve(refuseAll(envelopes, 'the transport is stopped'));
      }
      const run = queue.then(() => publishBatch(envelopes));
      queue = run.catch(() => undefined);
      return run;
    },

    async flush(): Promise<void> {
      await queue;
    },

    health(): Promise<HealthStatus> {
      if (stopping !== undefined) return Promise.resolve({ healthy: false, detail: 'stopped' });
      return Promise.resolve(link?.health() ?? { healthy: false, detail: 'not started' });
    },

    deadLetters: createDeadLetterAccess({
      connection: requireConnection,
      options,
      clock: context.clock,
      log,
    }),

    stop(): Promise<void> {
      stopping ??= (async () => {
        const giveUp = setTimeout(() => {
          stopAbort.abort(new Error(`stop() waited ${options.stopTimeoutMs} ms`));
        }, options.stopTimeoutMs);
        try {
          await queue;
        } finally {
          clearTimeout(giveUp);
          stopAbort.abort(new Error('the transport is stopped'));
        }
        await link?.close();
        log.debug({ exchange: options.exchange }, 'rabbitmq transport stopped');
      })();
      return stopping;
    },
  };
}
