import { expect } from 'chai';
import path from 'node:path';
import {
  listOverlays,
  mergeDocuments,
  resolveOverlayFile,
  stripNullValues,
} from '../../../core/config/overlay.js';
import { parseYamlDocument } from '../../../core/config/parse-yaml.js';
import { catchError } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

const baseFile = '/srv/app/stockpoller.yaml';
const overlayFile = '/srv/app/configs/prod.yaml';

function merge(baseText: string, overlayText: string) {
  const base = parseYamlDocument(baseFile, baseText);
  const overlay = parseYamlDocument(overlayFile, overlayText);
  return mergeDocuments(base, overlay);
}

describe('overlay', () => {
  const dirs = new TempDirs();
  afterEach(() => {
    dirs.removeAll();
  });

  describe('listOverlays()', () => {
    it('lists the .yaml and .yml overlays beside the manifest, sorted and once each', () => {
      const root = dirs.create({
        'stockpoller.yaml': '',
        'configs/staging.yml': '',
        'configs/prod.yaml': '',
        'configs/prod.yml': '',
        'configs/dev.yaml': '',
        'configs/notes.txt': '',
        'configs/bad name.yaml': '',
        'configs/folder.yaml/': '',
      });

      expect(listOverlays(path.join(root, 'stockpoller.yaml'))).to.deep.equal([
        'dev',
        'prod',
        'staging',
      ]);
    });

    it('returns nothing when there is no configs folder', () => {
      const root = dirs.create({ 'stockpoller.yaml': '' });

      expect(listOverlays(path.join(root, 'stockpoller.yaml'))).to.deep.equal([]);
    });

    it('throws SP_ERR_CONFIG_READ when the folder cannot be listed', () => {
      const root = dirs.create({ 'stockpoller.yaml': '' });
      // A manifest path whose folder is a file makes listing fail with ENOTDIR, which means
      // "no overlays"; a path with a NUL byte fails for another reason.
      const error = catchError(() => listOverlays(path.join(root, 'bad\u0000dir', 'x.yaml')));

      expect(error.code).to.equal('SP_ERR_CONFIG_READ');
      expect(listOverlays(path.join(root, 'stockpoller.yaml', 'x.yaml'))).to.deep.equal([]);
    });
  });

  describe('resolveOverlayFile()', () => {
    it('prefers configs/<env>.yaml and falls back to .yml', () => {
      const root = dirs.create({
        'configs/prod.yaml': '',
        'configs/prod.yml': '',
        'configs/dev.yml': '',
      });
      const manifest = path.join(root, 'stockpoller.yaml');

      expect(resolveOverlayFile(manifest, 'prod')).to.equal(
        path.join(root, 'configs', 'prod.yaml'),
      );
      expect(resolveOverlayFile(manifest, 'dev')).to.equal(path.join(root, 'configs', 'dev.yml'));
    });

    it('names the environment and lists the overlays that exist', () => {
      const root = dirs.create({ 'configs/prod.yaml': '', 'configs/dev.yaml': '' });

      const error = catchError(() => resolveOverlayFile(path.join(root, 'stockpoller.yaml'), 'qa'));

      expect(error.code).to.equal('SP_ERR_CONFIG_UNKNOWN_ENV');
      expect(error.message).to.include('"qa"');
      expect(error.hint).to.include('dev, prod').and.include(path.join(root, 'configs'));
    });

    it('says where it looked when no overlay exists', () => {
      const root = dirs.create();

      const error = catchError(() => resolveOverlayFile(path.join(root, 'stockpoller.yaml'), 'qa'));

      expect(error.code).to.equal('SP_ERR_CONFIG_UNKNOWN_ENV');
      expect(error.hint)
        .to.include('no overlays exist')
        .and.include(path.join(root, 'configs', 'qa.yaml'));
    });

    it('rejects environment names that are not a plain word', () => {
      const root = dirs.create({ 'configs/prod.yaml': '' });
      const manifest = path.join(root, 'stockpoller.yaml');

      for (const env of ['../prod', 'prod/x', 'a b', '']) {
        const error = catchError(() => resolveOverlayFile(manifest, env));
        expect(error.code, env).to.equal('SP_ERR_CONFIG_UNKNOWN_ENV');
        expect(error.message, env).to.include('is not valid');
      }
    });
  });

  describe('mergeDocuments()', () => {
    it('merges mappings deeply, replaces arrays and scalars, and removes keys set to null', () => {
      const merged = merge(
        'a:\n  b: 1\n  c: [1, 2, 3]\n  d: keep\nremoved:\n  x: 1\nlevel: info\n',
        'a:\n  b: 2\n  c: [9]\n  e: new\nremoved: ~\nlevel: [warn]\n',
      );

      expect(merged.value).to.deep.equal({
        a: { b: 2, c: [9], d: 'keep', e: 'new' },
        level: ['warn'],
      });
    });

    it('removes null values left after merging, at any depth, but keeps null array items', () => {
      const merged = merge(
        'a:\n  unset: ~\n  keep: 1\nlist: [1, ~]\n',
        'b:\n  c: ~\n  d:\n    e: ~\n    f: [~]\n',
      );

      expect(merged.value).to.deep.equal({
        a: { keep: 1 },
        list: [1, null],
        b: { d: { f: [null] } },
      });
      expect(merged.origins.has('/a/unset')).to.equal(false);
      expect(merged.origins.has('/b/c')).to.equal(false);
    });

    it('maps every value to the file it came from', () => {
      const merged = merge(
        'a:\n  b: 1\n  list: [1, 2, 3]\n  d: keep\n',
        'a:\n  b: 2\n  list: [9]\n',
      );

      expect([...merged.origins.keys()]).to.have.members([
        '',
        '/a',
        '/a/b',
        '/a/list',
        '/a/list/0',
        '/a/d',
      ]);
      expect(merged.origins.get('/a')).to.deep.equal({
        file: baseFile,
        key: { line: 1, column: 1 },
        value: { line: 2, column: 3 },
      });
      expect(merged.origins.get('/a/b')).to.deep.equal({
        file: overlayFile,
        key: { line: 2, column: 3 },
        value: { line: 2, column: 6 },
      });
      expect(merged.origins.get('/a/list')?.file).to.equal(overlayFile);
      expect(merged.origins.get('/a/list/0')).to.deep.equal({
        file: overlayFile,
        value: { line: 3, column: 10 },
      });
      expect(merged.origins.get('/a/d')?.file).to.equal(baseFile);
    });

    it('leaves no origins under a removed key', () => {
      const merged = merge('gone:\n  x:\n    y: 1\nkept: 1\n', 'gone: ~\n');

      expect([...merged.origins.keys()]).to.have.members(['', '/kept']);
    });

    it('lets a value change type in either direction', () => {
      const merged = merge('a: text\nb:\n  c: 1\n', 'a:\n  now: map\nb: flat\n');

      expect(merged.value).to.deep.equal({ a: { now: 'map' }, b: 'flat' });
      expect(merged.origins.get('/a/now')?.file).to.equal(overlayFile);
      expect(merged.origins.has('/b/c')).to.equal(false);
    });

    it('changes nothing but null values for an empty overlay', () => {
      const merged = merge('a: 1\nb: ~\n', '# nothing for this environment\n');

      expect(merged.value).to.deep.equal({ a: 1 });
      expect(merged.origins.get('/a')?.file).to.equal(baseFile);
    });

    it('does not change its inputs', () => {
      const base = parseYamlDocument(baseFile, 'a:\n  b: 1\n  c: ~\n');
      const overlay = parseYamlDocument(overlayFile, 'a:\n  b: 2\n');

      const merged = mergeDocuments(base, overlay);
      (merged.value as { a: { b: number } }).a.b = 3;

      expect(base.value).to.deep.equal({ a: { b: 1, c: null } });
      expect(overlay.value).to.deep.equal({ a: { b: 2 } });
      expect(base.origins.has('/a/c')).to.equal(true);
    });
  });

  describe('stripNullValues()', () => {
    it('removes null mapping values and their origins from a copy', () => {
      const parsed = parseYamlDocument(baseFile, 'a: ~\nb:\n  c: ~\n  d: [~, 1]\n');

      const stripped = stripNullValues(parsed.value, parsed.origins);

      expect(stripped.value).to.deep.equal({ b: { d: [null, 1] } });
      expect([...stripped.origins.keys()]).to.have.members(['', '/b', '/b/d', '/b/d/0', '/b/d/1']);
      expect(parsed.value).to.deep.equal({ a: null, b: { c: null, d: [null, 1] } });
    });

    it('keeps a null document as null', () => {
      const parsed = parseYamlDocument(baseFile, '');

      expect(stripNullValues(parsed.value, parsed.origins).value).to.equal(null);
    });
  });
});
