import { expect } from 'chai';
import {
  createEnvSecretStore,
  variableNameOf,
} from '../../../plugins/secret-store-env/env-secret-store.js';

const upperSnake = { prefix: '', naming: 'upper-snake' } as const;
const testVariable = 'STOCKPOLLER_TEST_ENV_SECRET_API_KEY';

describe('env secret store', () => {
  afterEach(() => {
    Reflect.deleteProperty(process.env, testVariable);
  });

  describe('variableNameOf()', () => {
    it('turns / . and - into _ and upper-cases, in upper-snake naming', () => {
      expect(variableNameOf('polygon/api-key', upperSnake)).to.equal('POLYGON_API_KEY');
      expect(variableNameOf('aws.sqs/secret-access-key', upperSnake)).to.equal(
        'AWS_SQS_SECRET_ACCESS_KEY',
      );
    });

    it('puts the prefix in front as written', () => {
      expect(variableNameOf('polygon/api-key', { prefix: 'SP_', naming: 'upper-snake' })).to.equal(
        'SP_POLYGON_API_KEY',
      );
    });

    it('keeps the path as it is in exact naming', () => {
      expect(variableNameOf('Polygon_Key', { prefix: 'x_', naming: 'exact' })).to.equal(
        'x_Polygon_Key',
      );
    });
  });

  describe('getSecret()', () => {
    it('reads the variable from the environment it was given', async () => {
      const store = createEnvSecretStore(upperSnake, { POLYGON_API_KEY: 'pk-123' });

      expect(await store.getSecret('polygon/api-key')).to.equal('pk-123');
    });

    it('returns undefined for an unset or empty variable', async () => {
      const store = createEnvSecretStore(upperSnake, { EMPTY: '' });

      expect(await store.getSecret('empty')).to.equal(undefined);
      expect(await store.getSecret('unset')).to.equal(undefined);
    });

    it('reads process.env at call time by default', async () => {
      const store = createEnvSecretStore({ prefix: 'STOCKPOLLER_TEST_', naming: 'upper-snake' });
      expect(await store.getSecret('env-secret/api-key')).to.equal(undefined);

      process.env[testVariable] = 'set-later';

      expect(await store.getSecret('env-secret/api-key')).to.equal('set-later');
    });
  });
});
