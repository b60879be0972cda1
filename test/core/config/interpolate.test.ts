import { expect } from 'chai';
import sinon from 'sinon';
import { interpolateConfig, resolveSecretRefs } from '../../../core/config/interpolate.js';
import { parseYamlDocument } from '../../../core/config/parse-yaml.js';
import { StockpollerError } from '../../../core/errors/index.js';
import { catchRejection } from './expect-error.js';

const file = '/srv/app/stockpoller.yaml';

function interpolate(text: string, env: NodeJS.ProcessEnv) {
  const parsed = parseYamlDocument(file, text);
  return interpolateConfig(parsed.value, parsed.origins, env);
}

describe('interpolate', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('interpolateConfig()', () => {
    it('substitutes variables in string values and leaves other values alone', () => {
      const result = interpolate(
        'url: "https://${HOST}:${PORT}/v1"\nport: 15\ntext: "15"\nflag: true\n',
        {
          HOST: '127.0.0.1',
          PORT: '8080',
        },
      );

      expect(result.problems).to.deep.equal([]);
      expect(result.value).to.deep.equal({
        url: 'https://127.0.0.1:8080/v1',
        port: 15,
        text: '15',
        flag: true,
      });
    });

    it('keeps values strings even when a variable holds a number', () => {
      const result = interpolate('every: ${EVERY}\n', { EVERY: '30' });

      expect(result.value).to.deep.equal({ every: '30' });
    });

    it('does not interpolate keys', () => {
      const result = interpolate('${KEY}: ${KEY}\n', { KEY: 'x' });

      expect(result.value).to.deep.equal({ '${KEY}': 'x' });
    });

    it('uses :- defaults when unset or empty and - defaults only when unset', () => {
      const text =
        'a: ${UNSET:-one}\nb: ${EMPTY:-two}\nc: ${UNSET-three}\nd: "[${EMPTY-four}]"\ne: ${SET:-x}\n';

      const result = interpolate(text, { EMPTY: '', SET: 'set' });

      expect(result.value).to.deep.equal({ a: 'one', b: 'two', c: 'three', d: '[]', e: 'set' });
    });

    it('reports :? variables that are unset or empty with their message', () => {
      const text = 'a: ${KEY:?the API key is required}\nb: ${EMPTY:?}\nc: ${SET:?never}\n';

      const result = interpolate(text, { EMPTY: '', SET: 'ok' });

      expect(
        result.problems.map((p) => [p.code, p.line, p.column, p.pointer, p.message]),
      ).to.deep.equal([
        ['SP_ERR_CONFIG_UNSET_VARIABLE', 1, 4, '/a', 'KEY: the API key is required'],
        ['SP_ERR_CONFIG_UNSET_VARIABLE', 2, 4, '/b', 'EMPTY: is not set or empty'],
      ]);
      expect((result.value as { c: string }).c).to.equal('ok');
    });

    it('reports an unset variable with the fix, but accepts an empty one', () => {
      const result = interpolate('list:\n  - ${API_KEY}\n  - "${BLANK}"\n', { BLANK: '' });

      expect(result.problems).to.have.length(1);
      expect(result.problems[0]).to.deep.equal({
        code: 'SP_ERR_CONFIG_UNSET_VARIABLE',
        file,
        line: 2,
        column: 5,
        pointer: '/list/0',
        message: 'environment variable API_KEY is not set',
        hint: 'export API_KEY=... before starting stockpoller, or use ${API_KEY:-default}',
      });
      expect((result.value as { list: string[] }).list[1]).to.equal('');
    });

    it('finds only own variables, not properties every object inherits', () => {
      const result = interpolate('a: ${constructor}\n', {});

      expect(result.problems[0]?.code).to.equal('SP_ERR_CONFIG_UNSET_VARIABLE');
    });

    it('turns $${ into a literal ${', () => {
      const result = interpolate('a: "cost: $${PRICE} and ${CUR}"\n', { CUR: 'USD', PRICE: '1' });

      expect(result.value).to.deep.equal({ a: 'cost: ${PRICE} and USD' });
      expect(result.origins.get('/a')?.variables).to.deep.equal(['CUR']);
    });

    it('collects every malformed reference and unset variable', () => {
      const text = 'a: "${1BAD}"\nb:\n  c: "${OPEN"\n  d: ${secret:}\ne: [ok, "${MISSING}"]\n';

      const result = interpolate(text, {});

      expect(result.problems.map((p) => [p.code, p.line, p.column, p.pointer])).to.deep.equal([
        ['SP_ERR_CONFIG_BAD_INTERPOLATION', 1, 4, '/a'],
        ['SP_ERR_CONFIG_BAD_INTERPOLATION', 3, 6, '/b/c'],
        ['SP_ERR_CONFIG_SECRET_REF', 4, 6, '/b/d'],
        ['SP_ERR_CONFIG_UNSET_VARIABLE', 5, 9, '/e/1'],
      ]);
      expect(result.problems.every((p) => p.file === file && p.hint !== undefined)).to.equal(true);
    });

    it('records the variables of a value in its origin, in order and once each', () => {
      const result = interpolate('a: ${B}${A}${B:-x}\nplain: text\n', { A: '1', B: '2' });

      expect(result.origins.get('/a')).to.deep.equal({
        file,
        key: { line: 1, column: 1 },
        value: { line: 1, column: 4 },
        variables: ['B', 'A'],
      });
      expect(result.origins.get('/plain')).to.not.have.property('variables');
    });

    it('leaves secret references in place and lists them by pointer', () => {
      const text =
        'token: ${secret:stdout/token}\nurls:\n  - "amqp://${USER}:${secret:mq/pass}@${secret:mq/pass}"\n';

      const result = interpolate(text, { USER: 'feed' });

      expect(result.value).to.deep.equal({
        token: '${secret:stdout/token}',
        urls: ['amqp://feed:${secret:mq/pass}@${secret:mq/pass}'],
      });
      expect(result.secretRefs).to.deep.equal([
        { pointer: '/token', path: 'stdout/token' },
        { pointer: '/urls/0', path: 'mq/pass' },
      ]);
    });

    it('keeps $${ escaped in a string that also holds a secret reference', () => {
      const result = interpolate('a: "$${secret:literal} ${secret:real} ${V}"\n', { V: '${x}' });

      expect(result.value).to.deep.equal({ a: '$${secret:literal} ${secret:real} $${x}' });
      expect(result.secretRefs).to.deep.equal([{ pointer: '/a', path: 'real' }]);
    });

    it('reports a "$" right before a secret reference, which would read as an escape', () => {
      const result = interpolate('a: "${DOLLAR}${secret:x}"\n', { DOLLAR: '$' });

      expect(result.problems.map((p) => p.code)).to.deep.equal(['SP_ERR_CONFIG_BAD_INTERPOLATION']);
    });

    it('does not change its input', () => {
      const parsed = parseYamlDocument(file, 'a:\n  b: ${X}\n');

      interpolateConfig(parsed.value, parsed.origins, { X: 'x' });

      expect(parsed.value).to.deep.equal({ a: { b: '${X}' } });
      expect(parsed.origins.get('/a/b')).to.not.have.property('variables');
    });
  });

  describe('resolveSecretRefs()', () => {
    it('replaces the listed references in a copy and looks each path up once', async () => {
      const interpolated = interpolate(
        'a: ${secret:k1}\nb:\n  - "x ${secret:k1} ${secret:k2}"\nc: 5\n__proto__: ${secret:k2}\n',
        {},
      );
      const lookup = sinon
        .stub<[string], Promise<string>>()
        .callsFake((path) => Promise.resolve(`<${path}>`));

      const resolved = await resolveSecretRefs(interpolated.value, interpolated.secretRefs, lookup);

      expect(resolved).to.deep.equal({
        a: '<k1>',
        b: ['x <k1> <k2>'],
        c: 5,
        ['__proto__']: '<k2>',
      });
      expect(lookup.callCount).to.equal(2);
      expect(interpolated.value).to.have.property('a', '${secret:k1}');
    });

    it('leaves escaped references as literal text', async () => {
      const interpolated = interpolate(
        'plain: "$${secret:literal}"\nmixed: "$${secret:literal} ${secret:real}"\n',
        {},
      );

      const resolved = await resolveSecretRefs(
        interpolated.value,
        interpolated.secretRefs,
        (path) => Promise.resolve(path.toUpperCase()),
      );

      expect(resolved).to.deep.equal({
        plain: '${secret:literal}',
        mixed: '${secret:literal} REAL',
      });
    });

    it('passes a failing lookup on', async () => {
      const interpolated = interpolate('a: ${secret:missing}\n', {});
      const failure = new StockpollerError('SP_ERR_SECRET_NOT_FOUND', 'no store holds "missing"');

      const error = await catchRejection(() =>
        resolveSecretRefs(interpolated.value, interpolated.secretRefs, () =>
          Promise.reject(failure),
        ),
      );

      expect(error).to.equal(failure);
    });

    it('leaves other text of a listed string as it is', async () => {
      const resolved = await resolveSecretRefs(
        { a: '${A} ${open ${secret:k}' },
        [{ pointer: '/a', path: 'k' }],
        () => Promise.resolve('v'),
      );

      expect(resolved).to.deep.equal({ a: '${A} ${open ${secret:k}' });
    });
  });
});
