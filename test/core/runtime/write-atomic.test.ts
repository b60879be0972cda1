import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../core/runtime/write-atomic.js';
import { tempDir } from './backfill-fixtures.js';

describe('writeFileAtomic()', () => {
  it('creates the folder, writes the text, and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'state.json');

    await writeFileAtomic(file, '{"n":1}\n');
    await writeFileAtomic(file, '{"n":2}\n');

    expect(readFileSync(file, 'utf8')).to.equal('{"n":2}\n');
    expect(readdirSync(path.dirname(file))).to.deep.equal(['state.json']);
  });

  it('never lets a reader see a file half written', async () => {
    const file = path.join(tempDir(), 'state.json');
    const bodyOf = (n: number) => JSON.stringify({ n, padding: 'x'.repeat(200_000) });
    await writeFileAtomic(file, bodyOf(0));

    const writing = { done: false };
    const reads: number[] = [];
    const reader = (async () => {
      while (!writing.done) {
        reads.push((JSON.parse(readFileSync(file, 'utf8')) as { n: number }).n);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let n = 1; n <= 20; n++) await writeFileAtomic(file, bodyOf(n));
    writing.done = true;
    await reader;

    expect(reads.length).to.be.above(0);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { n: number }).n).to.equal(20);
  });

  it('leaves the old file and no temporary file when the rename fails', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'state.json');
    // A non-empty folder where the file should go: the rename over it fails.
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), 'kept');

    const failure = await writeFileAtomic(target, 'new').then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );

    expect(failure).to.have.property('code').that.is.oneOf(['EISDIR', 'ENOTEMPTY', 'EEXIST']);
    expect(readdirSync(dir)).to.deep.equal(['state.json']);
    expect(readFileSync(path.join(target, 'keep'), 'utf8')).to.equal('kept');
  });
});
