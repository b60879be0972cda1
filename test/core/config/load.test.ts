import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../core/config/load.js';
import { maxConfigFileBytes } from '../../../core/config/parse-yaml.js';
import { fixturePath } from '../../helpers/fixtures.js';
import { catchRejection } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

const basic = fixturePath('config', 'basic');
const manifestFile = path.join(basic, 'stockpoller.yaml');
const prodFile = path.join(basic, 'configs', 'prod.yaml');

describe('load', () => {
  const dirs = new TempDirs();
  afterEach(() => {
    dirs.removeAll();
  });

  describe('loadConfig()', () => {
    it('loads the manifest alone when no environment is chosen', async () => {
      const loaded = await loadConfig({ cwd: basic, vars: {} });

      expect(loaded.manifestFile).to.equal(manifestFile);
      expect(loaded.overlayFile).to.equal(undefined);
      expect(loaded.env).to.equal(undefined);
      expect(loaded.value).to.not.have.property('logLevel');
      expect(loaded.value).to.deep.include({ version: 1 });
      expect(loaded.origins.get('/providers/sim/options/seed')).to.deep.equal({
        file: manifestFile,
        key: { line: 8, column: 7 },
        value: { line: 8, column: 13 },
        variables: ['SEED'],
      });
      expect(loaded.secretRefs).to.deep.equal([
        { pointer: '/transports/out/options/token', path: 'stdout/token' },
      ]);
    });

    it('merges the overlay of the environment and interpolates afterwards', async () => {
      const loaded = await loadConfig({
        cwd: basic,
        env: 'prod',
        vars: { PROD_EVERY: '1m', SEED: '7' },
      });

      expect(loaded.overlayFile).to.equal(prodFile);
      expect(loaded.env).to.equal('prod');
      expect(loaded.value).to.deep.equal({
        version: 1,
        logLevel: 'warn',
        providers: { sim: { use: 'simulated', options: { seed: '7', symbols: ['TSLA'] } } },
        transports: { out: { use: 'stdout', options: { token: '${secret:stdout/token}' } } },
        pipelines: {
          quotes: { provider: 'sim', symbols: ['TSLA'], every: '1m', transports: ['out'] },
        },
      });
      expect(loaded.origins.get('/logLevel')?.file).to.equal(prodFile);
      expect(loaded.origins.get('/providers/sim/options/symbols/0')).to.deep.equal({
        file: prodFile,
        value: { line: 6, column: 17 },
      });
      expect(loaded.origins.get('/pipelines/quotes/every')).to.deep.equal({
        file: prodFile,
        key: { line: 10, column: 5 },
        value: { line: 10, column: 12 },
        variables: ['PROD_EVERY'],
      });
      expect(loaded.origins.get('/pipelines/quotes/provider')?.file).to.equal(manifestFile);
    });

    it('reports an unset variable of the overlay at its place in the overlay', async () => {
      const error = await catchRejection(() => loadConfig({ cwd: basic, env: 'prod', vars: {} }));

      expect(error.code).to.equal('SP_ERR_CONFIG_UNSET_VARIABLE');
      expect(error.message).to.equal('configuration has 1 problem');
      expect(error.hint).to.include('export PROD_EVERY=');
      expect(error.problems[0]).to.include({
        file: prodFile,
        line: 10,
        column: 12,
        pointer: '/pipelines/quotes/every',
      });
    });

    it('throws SP_ERR_CONFIG_UNKNOWN_ENV for an environment without overlay', async () => {
      const error = await catchRejection(() => loadConfig({ cwd: basic, env: 'qa', vars: {} }));

      expect(error.code).to.equal('SP_ERR_CONFIG_UNKNOWN_ENV');
      expect(error.hint).to.include('prod');
    });

    it('throws SP_ERR_CONFIG_NOT_FOUND when there is no manifest', async () => {
      const root = dirs.create();

      const error = await catchRejection(() => loadConfig({ cwd: root, vars: {} }));

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
    });

    it('reports the parse problems of both files together', async () => {
      const root = dirs.create({
        'feeds.yaml': 'a: 1\na: 2\nb:\n\tc: 1\n',
        'configs/prod.yaml': 'x: "open\n',
      });

      const error = await catchRejection(() =>
        loadConfig({ cwd: root, configPath: 'feeds.yaml', env: 'prod', vars: {} }),
      );

      expect(error.code).to.equal('SP_ERR_CONFIG_DUPLICATE_KEY');
      expect(error.message).to.equal('configuration has 3 problems');
      expect(error.hint).to.equal(undefined);
      expect(
        error.problems.map((p) => [p.code, path.basename(p.file ?? ''), p.line]),
      ).to.deep.equal([
        ['SP_ERR_CONFIG_DUPLICATE_KEY', 'feeds.yaml', 2],
        ['SP_ERR_CONFIG_YAML_SYNTAX', 'feeds.yaml', 4],
        ['SP_ERR_CONFIG_YAML_SYNTAX', 'prod.yaml', 2],
      ]);
    });

    it('reports an overlay that is too large as a problem', async () => {
      const root = dirs.create({ 'stockpoller.yaml': 'version: 1\n' });
      fs.mkdirSync(path.join(root, 'configs'));
      fs.writeFileSync(path.join(root, 'configs', 'big.yaml'), 'x'.repeat(maxConfigFileBytes + 1));

      const error = await catchRejection(() => loadConfig({ cwd: root, env: 'big', vars: {} }));

      expect(error.code).to.equal('SP_ERR_CONFIG_TOO_LARGE');
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]?.message).to.include('big.yaml');
    });

    it('reports interpolation problems of both files together', async () => {
      const root = dirs.create({
        'stockpoller.yaml': 'a: ${A}\nb: keep\n',
        'configs/dev.yaml': 'b: ${B}\n',
      });

      const error = await catchRejection(() => loadConfig({ cwd: root, env: 'dev', vars: {} }));

      expect(error.message).to.equal('configuration has 2 problems');
      expect(error.problems.map((p) => [path.basename(p.file ?? ''), p.pointer])).to.deep.equal([
        ['stockpoller.yaml', '/a'],
        ['dev.yaml', '/b'],
      ]);
    });

    it('does not interpolate a value the overlay removed', async () => {
      const root = dirs.create({
        'stockpoller.yaml': 'token: ${TOKEN}\nname: x\n',
        'configs/dev.yaml': 'token: ~\n',
      });

      const loaded = await loadConfig({ cwd: root, env: 'dev', vars: {} });

      expect(loaded.value).to.deep.equal({ name: 'x' });
    });

    it('loads a manifest from package.json with overlays beside it', async () => {
      const root = dirs.create({
        'package.json':
          '{\n  "name": "feeds",\n  "stockpoller": {"version": 1, "logLevel": "info"}\n}\n',
        'configs/dev.yaml': 'logLevel: debug\n',
        'src/': '',
      });

      const loaded = await loadConfig({ cwd: path.join(root, 'src'), env: 'dev', vars: {} });

      expect(loaded.manifestFile).to.equal(path.join(root, 'package.json'));
      expect(loaded.value).to.deep.equal({ version: 1, logLevel: 'debug' });
      expect(loaded.origins.get('/version')).to.deep.include({
        file: path.join(root, 'package.json'),
        value: { line: 3, column: 30 },
      });
    });
  });
});
