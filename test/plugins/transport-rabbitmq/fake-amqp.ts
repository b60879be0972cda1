import { EventEmitter } from 'node:events';
import type { ChannelModel, Options } from 'amqplib';
import sinon from 'sinon';
import type { ConnectFn } from '../../../plugins/transport-rabbitmq/broker-link.js';

/** One basic.publish a fake channel received. */
export interface FakePublish {
  readonly exchange: string;
  readonly routingKey: string;
  readonly options: Options.Publish;
  readonly confirm: (error: Error | null) => void;
}

/**
 * A stand-in for an amqplib confirm channel. With `autoAck` it acks every publish on the next
 * turn of the event loop, as a healthy broker would; without it, confirms wait for the test.
 */
export class FakeConfirmChannel extends EventEmitter {
  readonly published: FakePublish[] = [];
  readonly unconfirmed: FakePublish[] = [];
  closed = false;

  constructor(public autoAck: boolean) {
    super();
  }

  publish(
    exchange: string,
    routingKey: string,
    _content: Buffer,
    options: Options.Publish,
    callback: (error: Error | null) => void,
  ): boolean {
    if (this.closed) {
      throw Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' });
    }
    const publish = { exchange, routingKey, options, confirm: callback };
    this.published.push(publish);
    if (this.autoAck) {
      setImmediate(() => {
        callback(null);
      });
    } else {
      this.unconfirmed.push(publish);
    }
    return true;
  }

  /** Acks the oldest publish still waiting. */
  ackOldest(): void {
    this.unconfirmed.shift()?.confirm(null);
  }

  /** Acks every publish still waiting. */
  ackAll(): void {
    for (const publish of this.unconfirmed.splice(0)) publish.confirm(null);
  }

  /** What amqplib does when the connection dies: fails the pending confirms, then 'close'. */
  lose(): void {
    this.closed = true;
    for (const publish of this.unconfirmed.splice(0)) publish.confirm(new Error('channel closed'));
    this.emit('close');
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** A stand-in for an amqplib connection (ChannelModel) that hands out fake channels. */
export class FakeConnection extends EventEmitter {
  readonly channels: FakeConfirmChannel[] = [];
  /** Whether the client closed it. */
  closedByClient = false;

  constructor(private readonly autoAck: boolean) {
    super();
  }

  createConfirmChannel(): Promise<FakeConfirmChannel> {
    const channel = new FakeConfirmChannel(this.autoAck);
    this.channels.push(channel);
    return Promise.resolve(channel);
  }

  /** The channel publishes go to now. */
  get channel(): FakeConfirmChannel {
    const channel = this.channels.at(-1);
    if (channel === undefined) throw new Error('no channel was opened');
    return channel;
  }

  /** A dropped connection: every channel closes, then the connection. */
  drop(): void {
    for (const channel of this.channels) if (!channel.closed) channel.lose();
    this.emit('close', new Error('Connection closed: 320 (CONNECTION-FORCED)'));
  }

  close(): Promise<void> {
    this.closedByClient = true;
    this.emit('close');
    return Promise.resolve();
  }
}

/** A sinon stub of amqplib's connect that hands out a new fake connection on each call. */
export function stubConnect(autoAck = true): {
  connect: ConnectFn & sinon.SinonStub;
  connections: FakeConnection[];
} {
  const connections: FakeConnection[] = [];
  const connect = sinon.stub<Parameters<ConnectFn>, ReturnType<ConnectFn>>().callsFake(() => {
    const connection = new FakeConnection(autoAck);
    connections.push(connection);
    return Promise.resolve(connection as unknown as ChannelModel);
  });
  return { connect, connections };
}
