import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import {
  discoverManifest,
  loadManifestDocument,
  manifestSearchPlaces,
} from '../../../core/config/discover.js';
import { catchError, catchRejection } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

const manifest = 'version: 1\n';

describe('discover', () => {
  const dirs = new TempDirs();
  afterEach(() => {
    dirs.removeAll();
  });

  describe('discoverManifest()', () => {
    it('finds stockpoller.yaml in the working directory', async () => {
      const root = dirs.create({ 'stockpoller.yaml': manifest });

      const found = await discoverManifest({ cwd: root });

      expect(found).to.deep.equal({ file: path.join(root, 'stockpoller.yaml'), pointer: '' });
    });

    it('prefers the search places in their documented order', async () => {
      const all = Object.fromEntries(manifestSearchPlaces.map((place) => [place, manifest]));
      const root = dirs.create({ ...all, 'package.json': '{"stockpoller": {"version": 1}}' });
      const withoutYaml = dirs.create({
        'stockpoller.yml': manifest,
        '.stockpollerrc.json': '{"version": 1}',
      });
      const rcOnly = dirs.create({ '.stockpollerrc': manifest });

      expect((await discoverManifest({ cwd: root })).file).to.equal(
        path.join(root, 'stockpoller.yaml'),
      );
      expect((await discoverManifest({ cwd: withoutYaml })).file).to.equal(
        path.join(withoutYaml, 'stockpoller.yml'),
      );
      expect((await discoverManifest({ cwd: rcOnly })).file).to.equal(
        path.join(rcOnly, '.stockpollerrc'),
      );
    });

    it('climbs from a subdirectory to the project root', async () => {
      const root = dirs.create({ 'stockpoller.yaml': manifest, 'src/feeds/': '' });

      const found = await discoverManifest({ cwd: path.join(root, 'src', 'feeds') });

      expect(found.file).to.equal(path.join(root, 'stockpoller.yaml'));
    });

    it('stops climbing at the nearest package.json and lists the places searched', async () => {
      const root = dirs.create({
        'stockpoller.yaml': manifest,
        'app/package.json': '{"name": "app"}',
        'app/src/': '',
      });
      const start = path.join(root, 'app', 'src');

      const error = await catchRejection(() => discoverManifest({ cwd: start }));

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
      expect(error.message).to.equal(
        `no stockpoller manifest found in ${start}, ${path.join(root, 'app')}`,
      );
      expect(error.hint).to.include(`create stockpoller.yaml in ${start}`);
      for (const place of manifestSearchPlaces) expect(error.hint).to.include(place);
    });

    it('stops climbing at the nearest .git', async () => {
      const outer = dirs.create(
        { 'stockpoller.yaml': manifest, 'repo/.git/': '' },
        {
          gitRoot: false,
        },
      );

      const error = await catchRejection(() => discoverManifest({ cwd: path.join(outer, 'repo') }));

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
    });

    it('uses the "stockpoller" property of package.json', async () => {
      const root = dirs.create({ 'package.json': '{"name": "x", "stockpoller": {"version": 1}}' });

      const found = await discoverManifest({ cwd: root });

      expect(found).to.deep.equal({
        file: path.join(root, 'package.json'),
        pointer: '/stockpoller',
      });
    });

    it('ignores a package.json without the property and an empty one', async () => {
      const plain = dirs.create({ 'package.json': '{"name": "x"}' });
      const empty = dirs.create({ 'package.json': '' });

      expect((await catchRejection(() => discoverManifest({ cwd: plain }))).code).to.equal(
        'SP_ERR_CONFIG_NOT_FOUND',
      );
      expect((await catchRejection(() => discoverManifest({ cwd: empty }))).code).to.equal(
        'SP_ERR_CONFIG_NOT_FOUND',
      );
    });

    it('finds an empty stockpoller.yaml, for validation to reject', async () => {
      const root = dirs.create({ 'stockpoller.yaml': '' });

      expect((await discoverManifest({ cwd: root })).file).to.equal(
        path.join(root, 'stockpoller.yaml'),
      );
    });

    it('reports a broken package.json with the position of the problem', async () => {
      const root = dirs.create({ 'package.json': '{\n  "name": "x",\n  "name": "y"\n}\n' });

      const error = await catchRejection(() => discoverManifest({ cwd: root }));

      expect(error.code).to.equal('SP_ERR_CONFIG_DUPLICATE_KEY');
      expect(error.problems[0]).to.include({
        file: path.join(root, 'package.json'),
        line: 3,
        column: 3,
      });
    });

    it('throws SP_ERR_CONFIG_READ when a search place cannot be read', async () => {
      const root = dirs.create();
      fs.symlinkSync('stockpoller.yaml', path.join(root, 'stockpoller.yaml'));

      const searched = await catchRejection(() => discoverManifest({ cwd: root }));
      const given = await catchRejection(() =>
        discoverManifest({ cwd: root, configPath: 'stockpoller.yaml' }),
      );

      expect(searched.code).to.equal('SP_ERR_CONFIG_READ');
      expect(searched.cause).to.have.property('code', 'ELOOP');
      expect(given.code).to.equal('SP_ERR_CONFIG_READ');
      expect(given.message).to.include(path.join(root, 'stockpoller.yaml'));
    });

    it('uses the given path, resolved against the working directory', async () => {
      const root = dirs.create({ 'deploy/feeds.yaml': manifest, 'deploy/package.json': '{}' });

      const relative = await discoverManifest({ cwd: root, configPath: 'deploy/feeds.yaml' });
      const packageJson = await discoverManifest({ cwd: root, configPath: 'deploy/package.json' });

      expect(relative).to.deep.equal({ file: path.join(root, 'deploy/feeds.yaml'), pointer: '' });
      expect(packageJson.pointer).to.equal('/stockpoller');
    });

    it('names the path tried when the given file does not exist', async () => {
      const root = dirs.create({ 'stockpoller.yaml': manifest });
      const tried = path.join(root, 'missing.yaml');

      const error = await catchRejection(() =>
        discoverManifest({ cwd: root, configPath: 'missing.yaml' }),
      );

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
      expect(error.message).to.include(tried);
      expect(error.hint).to.include(tried).and.include('--config');
    });

    it('rejects a directory as the given path', async () => {
      const root = dirs.create({ 'deploy/': '' });

      const error = await catchRejection(() =>
        discoverManifest({ cwd: root, configPath: 'deploy' }),
      );

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
      expect(error.hint).to.include(path.join(root, 'deploy', 'stockpoller.yaml'));
    });

    it('reports a path through a file as not found', async () => {
      const root = dirs.create({ 'stockpoller.yaml': manifest });

      const error = await catchRejection(() =>
        discoverManifest({ cwd: root, configPath: 'stockpoller.yaml/inner.yaml' }),
      );

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
    });
  });

  describe('loadManifestDocument()', () => {
    it('parses a YAML manifest', () => {
      const root = dirs.create({ 'stockpoller.yaml': manifest });
      const file = path.join(root, 'stockpoller.yaml');

      const parsed = loadManifestDocument({ file, pointer: '' });

      expect(parsed.value).to.deep.equal({ version: 1 });
      expect(parsed.origins.get('/version')?.value).to.deep.equal({ line: 1, column: 10 });
    });

    it('re-roots the package.json subtree and keeps its real positions', () => {
      const text =
        '{\n  "name": "x",\n  "stockpoller": {\n    "version": 1,\n    "plugins": ["a"]\n  }\n}\n';
      const root = dirs.create({ 'package.json': text });
      const file = path.join(root, 'package.json');

      const parsed = loadManifestDocument({ file, pointer: '/stockpoller' });

      expect(parsed.value).to.deep.equal({ version: 1, plugins: ['a'] });
      expect([...parsed.origins.keys()]).to.have.members([
        '',
        '/version',
        '/plugins',
        '/plugins/0',
      ]);
      expect(parsed.origins.get('')).to.deep.equal({ file, value: { line: 3, column: 18 } });
      expect(parsed.origins.get('/version')).to.deep.equal({
        file,
        key: { line: 4, column: 5 },
        value: { line: 4, column: 16 },
      });
      expect(parsed.origins.get('/plugins/0')?.value).to.deep.equal({ line: 5, column: 17 });
    });

    it('throws SP_ERR_CONFIG_NOT_FOUND when package.json lacks the property', () => {
      const root = dirs.create({ 'package.json': '{"name": "x"}' });
      const file = path.join(root, 'package.json');

      const error = catchError(() => loadManifestDocument({ file, pointer: '/stockpoller' }));

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
      expect(error.message).to.include('"stockpoller"');
    });
  });
});
