import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { expect } from 'chai';
import { packageRoot, schemasDir } from '../../core/paths.js';

describe('core paths', () => {
  describe('packageRoot', () => {
    it('is the absolute folder of the stockpoller package.json', () => {
      const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
        name: string;
      };

      expect(isAbsolute(packageRoot)).to.equal(true);
      expect(manifest.name).to.equal('stockpoller');
    });
  });

  describe('schemasDir', () => {
    it('holds the shipped JSON Schemas', () => {
      expect(schemasDir).to.equal(join(packageRoot, 'schemas'));
      expect(existsSync(join(schemasDir, 'quote.v1.schema.json'))).to.equal(true);
      expect(existsSync(join(schemasDir, 'envelope.v1.schema.json'))).to.equal(true);
    });
  });
});
