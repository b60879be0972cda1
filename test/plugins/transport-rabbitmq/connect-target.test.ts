import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  connectFailedError,
  resolveConnectTarget,
  topologyError,
} from '../../../plugins/transport-rabbitmq/connect-target.js';
import { optionsFor, uniqueNames } from './broker.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function optionsWith(overrides: Record<string, unknown>) {
  return optionsFor(uniqueNames(), overrides);
}

describe('rabbitmq connection target', () => {
  describe('resolveConnectTarget()', () => {
    it('puts the heartbeat in the URL and the connection name in the client properties', async () => {
      const target = await resolveConnectTarget(
        optionsWith({ connectionName: 'poller-1', heartbeatSeconds: 15, connectTimeoutMs: 3000 }),
      );

      expect(new URL(target.url).searchParams.get('heartbeat')).to.equal('15');
      expect(target.socketOptions).to.deep.include({ timeout: 3000, noDelay: false });
      expect(target.socketOptions.clientProperties).to.deep.equal({ connection_name: 'poller-1' });
    });

    it('keeps the vhost and query of the URL and hides the password, also decoded', async () => {
      const target = await resolveConnectTarget(
        optionsWith({ url: 'amqp://poller:p%40ss-word@mq.internal:5673/%2Fprod?frameMax=8192' }),
      );

      expect(target.url).to.equal(
        'amqp://poller:p%40ss-word@mq.internal:5673/%2Fprod?frameMax=8192&heartbeat=30',
      );
      expect(target.displayUrl).to.equal('amqp://poller:***@mq.internal:5673/%2Fprod');
      expect(target.scrub('login p@ss-word failed for p%40ss-word')).to.equal(
        'login *** failed for ***',
      );
    });

    it('passes PEM text as it is and reads a path from its file', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sp-tls-'));
      writeFileSync(path.join(dir, 'ca.pem'), pem);

      const target = await resolveConnectTarget(
        optionsWith({
          url: 'amqps://poller:secret@mq.internal',
          tls: { ca: path.join(dir, 'ca.pem'), cert: pem, servername: 'mq.example.com' },
        }),
      );

      expect(target.socketOptions).to.deep.include({
        ca: pem,
        cert: pem,
        servername: 'mq.example.com',
        rejectUnauthorized: true,
      });
    });

    it('fails, naming the option and the path, when a TLS file cannot be read', async () => {
      const options = optionsWith({ tls: { key: '/nonexistent/client.key' } });

      const failure = await resolveConnectTarget(options).catch((error: unknown) => error);

      expect(failure).to.have.property('code', 'SP_ERR_TRANSPORT_SETUP_FAILED');
      expect(failure)
        .to.have.property('message')
        .that.includes('tls.key "/nonexistent/client.key"');
    });
  });

  describe('connectFailedError()', () => {
    it('classifies a refused login as auth and anything else as unavailable', async () => {
      const target = await resolveConnectTarget(optionsWith({ url: 'amqp://u:hunter22@mq:5672' }));

      const login = connectFailedError(
        target,
        new Error('Handshake terminated by server: 403 (ACCESS-REFUSED)'),
      );
      const refused = connectFailedError(target, new Error('connect ECONNREFUSED 10.0.0.1:5672'));

      expect(login.failure).to.deep.equal({ kind: 'auth', retryable: false });
      expect(refused.failure).to.deep.equal({ kind: 'unavailable', retryable: true });
      expect(refused.message).to.equal(
        'cannot connect to rabbitmq at amqp://u:***@mq:5672: connect ECONNREFUSED 10.0.0.1:5672',
      );
    });
  });

  describe('topologyError()', () => {
    it('tells a mismatch, a missing object and a permission problem apart', () => {
      const codeOf = (text: string) => topologyError('to declare x', new Error(text)).code;

      expect(codeOf('Channel closed by server: 406 (PRECONDITION-FAILED)')).to.equal(
        'SP_ERR_TRANSPORT_QUEUE_MISMATCH',
      );
      expect(codeOf('Channel closed by server: 404 (NOT-FOUND)')).to.equal(
        'SP_ERR_TRANSPORT_QUEUE_NOT_FOUND',
      );
      expect(codeOf('Channel closed by server: 403 (ACCESS-REFUSED)')).to.equal(
        'SP_ERR_TRANSPORT_SETUP_FAILED',
      );
    });
  });
});
