import type { ConfirmChannel, Message } from 'amqplib';
import { describeError } from '../../core/errors/index.js';
import { abortReason } from './backoff.js';
import type { OutgoingMessage } from './message.js';
import type { Refusal } from './refusal.js';

/** What became of one message of a round. */
export type RoundOutcome =
  | { readonly status: 'confirmed' }
  | { readonly status: 'refused'; readonly refusal: Refusal }
  /** Not sent, or sent but its confirm was lost with the channel: publish it again. */
  | { readonly status: 'unconfirmed'; readonly sent: boolean; readonly why: string }
  /** amqplib cannot encode it (a routing key or headers too long): never publishable. */
  | { readonly status: 'unpublishable'; readonly error: unknown };

/** How a round learns that it must stop sending or stop waiting. */
export interface RoundControl {
  /** Checked before each message: false leaves the rest of the round unsent (flow control). */
  canPublish(): boolean;
  /** Aborting stops the wait for confirms; messages still unconfirmed are reported so. */
  readonly signal?: AbortSignal;
}

const maxRoutingKeyBytes = 255;

/**
 * Publishes `messages` on a confirm channel, then waits for the broker's confirm of each:
 * one round of a batch. A mandatory message the broker could not route comes back as a
 * basic.return before its ack, and is reported refused (`unroutable`), as is a nack, or a
 * message in flight when the broker closed the channel with an error (`channel-error`). A
 * message whose confirm was lost with the connection is `unconfirmed`: the broker may or may
 * not have it, so the caller publishes it again (at least once). Honours the channel's write
 * buffer by waiting for 'drain'. Never throws.
 */
export async function publishRound(
  channel: ConfirmChannel,
  messages: readonly OutgoingMessage[],
  control: RoundControl,
): Promise<RoundOutcome[]> {
  // Filled, not sparse: map() below must visit every slot.
  const outcomes = Array.from<RoundOutcome | undefined>({ length: messages.length });
  const sent: boolean[] = [];
  const returns = new Map<string, string[]>();
  let channelError: string | undefined;
  const onReturn = (message: Message): void => {
    const key = returnKey(message.fields.exchange, message.fields.routingKey, message);
    const fields = message.fields as unknown as { replyCode?: number; replyText?: string };
    const detail = `${String(fields.replyCode ?? '')} ${fields.replyText ?? ''}`.trim();
    returns.set(key, [...(returns.get(key) ?? []), detail]);
  };
  const onError = (error: Error): void => {
    channelError = describeError(error);
  };
  channel.on('return', onReturn);
  channel.on('error', onError);

  const settle = (message: OutgoingMessage, error: unknown): RoundOutcome => {
    if (error === null || error === undefined) {
      // The broker sends a basic.return before the ack of the same message.
      const pending =
        returns.size === 0
          ? undefined
          : returns.get(returnKey(message.exchange, message.routingKey, message));
      const detail = pending?.shift();
      if (detail !== undefined)
        return { status: 'refused', refusal: { kind: 'unroutable', detail } };
      return { status: 'confirmed' };
    }
    if (describeError(error) === 'message nacked') {
      return { status: 'refused', refusal: { kind: 'nacked', detail: '' } };
    }
    if (channelError !== undefined) {
      return { status: 'refused', refusal: { kind: 'channel-error', detail: channelError } };
    }
    return { status: 'unconfirmed', sent: true, why: 'the connection to the broker was lost' };
  };

  // One promise for the round, not one per message: this loop is the hot path of publishing.
  let outstanding = 0;
  let allSent = false;
  let settled: () => void = () => undefined;
  const allConfirmed = new Promise<void>((resolve) => {
    settled = resolve;
  });
  const confirmOne = (): void => {
    outstanding -= 1;
    if (allSent && outstanding === 0) settled();
  };
  try {
    for (const [index, message] of messages.entries()) {
      if (!control.canPublish() || control.signal?.aborted === true) break;
      if (Buffer.byteLength(message.routingKey) > maxRoutingKeyBytes) {
        const error = new RangeError(`routing key "${message.routingKey}" is over 255 bytes`);
        outcomes[index] = { status: 'unpublishable', error };
        continue;
      }
      let accepted = true;
      outstanding += 1;
      try {
        accepted = channel.publish(
          message.exchange,
          message.routingKey,
          message.content,
          message.properties,
          (error: unknown) => {
            outcomes[index] = settle(message, error);
            confirmOne();
          },
        );
        sent[index] = true;
      } catch (error) {
        outcomes[index] = classifyThrow(error);
        confirmOne();
      }
      if (!accepted) await waitForDrain(channel, control.signal);
    }
    allSent = true;
    if (outstanding === 0) settled();
    await untilAborted(allConfirmed, control.signal);
  } catch (error) {
    const why = `no confirm before the wait ended (${describeError(error)})`;
    return outcomes.map(
      (outcome, index) => outcome ?? { status: 'unconfirmed', sent: sent[index] === true, why },
    );
  } finally {
    channel.off('return', onReturn);
    channel.off('error', onError);
  }
  return outcomes.map(
    (outcome) => outcome ?? { status: 'unconfirmed', sent: false, why: 'not sent' },
  );
}

function returnKey(exchange: string, routingKey: string, message: { properties: object }): string {
  const id = (message.properties as { messageId?: unknown }).messageId;
  return `${exchange}\u0000${routingKey}\u0000${typeof id === 'string' ? id : ''}`;
}

function classifyThrow(error: unknown): RoundOutcome {
  // A closed or closing channel refuses the call; anything else is about the message itself.
  if (error instanceof Error && error.name === 'IllegalOperationError') {
    return { status: 'unconfirmed', sent: false, why: describeError(error) };
  }
  return { status: 'unpublishable', error };
}

function waitForDrain(channel: ConfirmChannel, signal: AbortSignal | undefined): Promise<void> {
  return untilAborted(
    new Promise<void>((resolve) => {
      const done = (): void => {
        channel.off('drain', done);
        channel.off('close', done);
        resolve();
      };
      channel.on('drain', done);
      channel.on('close', done);
    }),
    signal,
  );
}

/** `promise`, or a rejection with the abort reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(describeError(error)));
      },
    );
  });
}
