import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { maxConfigFileBytes, readConfigFile } from '../../../core/config/parse-yaml.js';
import { catchError } from './expect-error.js';
import { TempDirs } from './temp-dir.js';

describe('parse-yaml files', () => {
  describe('readConfigFile()', () => {
    const dirs = new TempDirs();
    afterEach(() => {
      dirs.removeAll();
    });

    it('reads and parses a file, making its path absolute', () => {
      const root = dirs.create({ 'stockpoller.yaml': 'version: 1\n' });
      const relative = path.relative(process.cwd(), path.join(root, 'stockpoller.yaml'));

      const parsed = readConfigFile(relative);

      expect(parsed.file).to.equal(path.join(root, 'stockpoller.yaml'));
      expect(parsed.value).to.deep.equal({ version: 1 });
      expect(parsed.origins.get('/version')?.file).to.equal(parsed.file);
    });

    it('skips a byte-order mark without shifting columns', () => {
      const root = dirs.create({ 'stockpoller.yaml': '\ufeffversion: 1\n' });

      const parsed = readConfigFile(path.join(root, 'stockpoller.yaml'));

      expect(parsed.origins.get('/version')?.value).to.deep.equal({ line: 1, column: 10 });
    });

    it('throws SP_ERR_CONFIG_NOT_FOUND for a missing file', () => {
      const root = dirs.create();

      const error = catchError(() => readConfigFile(path.join(root, 'nope.yaml')));

      expect(error.code).to.equal('SP_ERR_CONFIG_NOT_FOUND');
      expect(error.message).to.include(path.join(root, 'nope.yaml'));
    });

    it('throws SP_ERR_CONFIG_READ for a directory and for other file-system errors', () => {
      const root = dirs.create({ 'configs/': '', 'plain.yaml': 'a: 1\n' });

      const directory = catchError(() => readConfigFile(path.join(root, 'configs')));
      const notDirectory = catchError(() => readConfigFile(path.join(root, 'plain.yaml', 'x')));

      expect(directory.code).to.equal('SP_ERR_CONFIG_READ');
      expect(directory.message).to.include('is a directory');
      expect(notDirectory.code).to.equal('SP_ERR_CONFIG_READ');
      expect(notDirectory.cause).to.have.property('code', 'ENOTDIR');
    });

    it('throws SP_ERR_CONFIG_TOO_LARGE for a file over 1 MiB', () => {
      const root = dirs.create();
      const big = path.join(root, 'big.yaml');
      fs.writeFileSync(big, `# ${'x'.repeat(maxConfigFileBytes)}\n`);

      const error = catchError(() => readConfigFile(big));

      expect(error.code).to.equal('SP_ERR_CONFIG_TOO_LARGE');
      expect(error.message).to.include(String(maxConfigFileBytes + 3));
    });

    it('accepts a file of exactly 1 MiB', () => {
      const root = dirs.create();
      const edge = path.join(root, 'edge.yaml');
      const head = 'a: 1\n# ';
      fs.writeFileSync(edge, `${head}${'x'.repeat(maxConfigFileBytes - head.length - 1)}\n`);

      expect(fs.statSync(edge).size).to.equal(maxConfigFileBytes);
      expect(readConfigFile(edge).value).to.deep.equal({ a: 1 });
    });

    it('throws SP_ERR_CONFIG_READ for text that is not UTF-8', () => {
      const root = dirs.create();
      const latin1 = path.join(root, 'latin1.yaml');
      fs.writeFileSync(latin1, Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));

      const error = catchError(() => readConfigFile(latin1));

      expect(error.code).to.equal('SP_ERR_CONFIG_READ');
      expect(error.hint).to.include('UTF-8');
    });

    it('names the file in the problems of a parse error', () => {
      const root = dirs.create({ 'configs/prod.yaml': 'a: 1\na: 2\n' });
      const overlay = path.join(root, 'configs', 'prod.yaml');

      const error = catchError(() => readConfigFile(overlay));

      expect(error.message).to.equal('prod.yaml has 1 problem');
      expect(error.problems[0]?.file).to.equal(overlay);
    });
  });
});
