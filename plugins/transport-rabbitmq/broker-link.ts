import type { ChannelModel, ConfirmChannel, SocketOptions } from 'amqplib';
import type { Logger } from 'pino';
import { isStockpollerError } from '../../core/errors/index.js';
import type { HealthStatus } from '../../core/plugins/types.js';
import { abortReason, computeBackoffDelay, sleepFor } from './backoff.js';
import { connectFailedError, type ConnectTarget } from './connect-target.js';
import type { BackoffOptions } from './option-groups.js';
import { notRunningError } from './refusal.js';

/** amqplib's `connect`, or a stand-in for tests. */
export type ConnectFn = (url: string, socketOptions: SocketOptions) => Promise<ChannelModel>;

/** What a {@link BrokerLink} needs. */
export interface LinkSettings {
  readonly target: ConnectTarget;
  readonly reconnect: BackoffOptions;
  /** Declares the topology on each new connection, before publishing resumes. */
  readonly setup: (model: ChannelModel) => Promise<void>;
  readonly connect: ConnectFn;
  readonly log: Logger;
}

const channelBufferBytes = 4 * 1024 * 1024;

/** One connection and its confirm channel; replaced as a whole after a connection loss. */
interface Session {
  readonly model: ChannelModel;
  channel: ConfirmChannel | undefined;
  alive: boolean;
  /** The broker's connection.blocked (a memory or disk alarm): publishing must pause. */
  blockedSince: number | undefined;
}

/**
 * The connection to the broker and the confirm channel publishes go through. After a lost
 * connection or channel it reconnects (or reopens the channel) with backoff, forever until
 * close(), declaring the topology again each time. It honours the broker's flow control: while
 * the connection is blocked, {@link writableChannel} waits and {@link isWritable} is false.
 */
export class BrokerLink {
  private session: Session | undefined;
  private closing = false;
  private healing: Promise<void> | undefined;
  private readonly healAbort = new AbortController();
  private waiters: (() => void)[] = [];

  constructor(private readonly settings: LinkSettings) {}

  /**
   * Connects for the first time and declares the topology; throws SP_ERR_TRANSPORT_SETUP_FAILED,
   * _QUEUE_MISMATCH or _QUEUE_NOT_FOUND.
   */
  async open(): Promise<void> {
    await this.connectOnce();
    this.settings.log.info({ broker: this.settings.target.displayUrl }, 'connected to rabbitmq');
  }

  /**
   * The confirm channel, once publishing may go on: connected and not blocked by the broker.
   * Waits as long as needed; rejects when `signal` aborts or the link is closed.
   */
  async writableChannel(signal?: AbortSignal): Promise<ConfirmChannel> {
    for (;;) {
      if (this.closing) throw notRunningError('is stopping');
      if (signal?.aborted === true) throw abortReason(signal);
      const session = this.session;
      if (session?.channel !== undefined && session.blockedSince === undefined) {
        return session.channel;
      }
      await this.nextChange(signal);
    }
  }

  /** True while `channel` is the current channel and the broker is not blocking publishers. */
  isWritable(channel: ConfirmChannel): boolean {
    const session = this.session;
    return session?.channel === channel && session.blockedSince === undefined && !this.closing;
  }

  /** Connected, with an open channel, and not blocked. */
  health(): HealthStatus {
    const session = this.session;
    if (session?.channel === undefined) return { healthy: false, detail: 'reconnecting' };
    if (session.blockedSince !== undefined) {
      return { healthy: false, detail: 'the broker blocks publishing (flow control)' };
    }
    return { healthy: true, detail: `connected to ${this.settings.target.displayUrl}` };
  }

  /** Stops reconnecting and closes the connection. Safe to call twice. */
  async close(): Promise<void> {
    this.closing = true;
    this.healAbort.abort(new Error('the transport is stopping'));
    this.wake();
    await this.healing;
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    session.alive = false;
    // A blocked broker may never answer a close: give it a moment, then let the socket go.
    await Promise.race([session.model.close().catch(() => undefined), sleepFor(2000)]);
  }

  private async connectOnce(): Promise<void> {
    const { target, setup, connect } = this.settings;
    let model: ChannelModel;
    try {
      model = await connect(target.url, target.socketOptions);
    } catch (error) {
      throw connectFailedError(target, error);
    }
    const session: Session = { model, channel: undefined, alive: true, blockedSince: undefined };
    this.watchConnection(session);
    try {
      await setup(model);
      await this.openConfirmChannel(session);
    } catch (error) {
      session.alive = false;
      await model.close().catch(() => undefined);
      throw isStockpollerError(error) ? error : connectFailedError(target, error);
    }
    if (this.closing) {
      await model.close().catch(() => undefined);
      return;
    }
    this.session = session;
    this.wake();
  }

  private async openConfirmChannel(session: Session): Promise<void> {
    // Room for a whole default batch (buffer.maxBatchBytes, 1 MiB) with its frames, so that a
    // batch is written in one go; only larger ones wait for 'drain' part way.
    const channel = await session.model.createConfirmChannel({ highWaterMark: channelBufferBytes });
    channel.on('error', (error: Error) => {
      this.settings.log.warn({ err: error }, 'rabbitmq closed the publishing channel');
    });
    channel.on('close', () => {
      if (session.channel !== channel) return;
      session.channel = undefined;
      this.wake();
      this.heal();
    });
    session.channel = channel;
  }

  private watchConnection(session: Session): void {
    const { model } = session;
    const { log, target } = this.settings;
    model.on('error', (error: Error) => {
      log.warn({ err: { message: target.scrub(error.message) } }, 'rabbitmq connection error');
    });
    model.on('close', (error?: Error) => {
      session.alive = false;
      session.channel = undefined;
      if (this.session !== session) return;
      this.session = undefined;
      const reason = error === undefined ? 'closed' : target.scrub(error.message);
      log.warn({ reason }, 'rabbitmq connection lost, reconnecting');
      this.wake();
      this.heal();
    });
    model.on('blocked', (reason: string) => {
      session.blockedSince = Date.now();
      log.warn({ reason }, 'rabbitmq blocked publishing, pausing');
      this.wake();
    });
    model.on('unblocked', () => {
      const blockedMs = session.blockedSince === undefined ? 0 : Date.now() - session.blockedSince;
      session.blockedSince = undefined;
      log.info({ blockedMs }, 'rabbitmq unblocked publishing, resuming');
      this.wake();
    });
  }

  /** Starts the one reconnect loop, unless it runs already or the link is closing. */
  private heal(): void {
    if (this.healing !== undefined || this.closing) return;
    this.healing = this.runHeal().finally(() => {
      this.healing = undefined;
    });
  }

  private async runHeal(): Promise<void> {
    const { log, reconnect } = this.settings;
    for (let attempt = 1; !this.closing; attempt += 1) {
      // Waiting first also lets a dying connection finish closing before a fresh attempt.
      const delayMs = computeBackoffDelay(reconnect, attempt);
      try {
        await sleepFor(delayMs, this.healAbort.signal);
      } catch {
        return;
      }
      const session = this.session;
      try {
        if (session?.alive === true && session.channel === undefined) {
          await this.openConfirmChannel(session);
          this.wake();
          log.info({ attempt }, 'publishing channel reopened');
        } else if (session === undefined) {
          await this.connectOnce();
          log.info({ attempt, broker: this.settings.target.displayUrl }, 'reconnected to rabbitmq');
        }
        return;
      } catch (error) {
        // A refused login or a topology conflict will not heal by itself: someone must act.
        const lasting = isStockpollerError(error) && error.failure?.retryable === false;
        log[lasting ? 'error' : 'warn']({ err: error, attempt }, 'rabbitmq reconnect failed');
      }
    }
  }

  private nextChange(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
