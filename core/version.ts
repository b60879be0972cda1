import { readFileSync } from 'node:fs';

/** Version of stockpoller core, read once from package.json; plugins declare a range of it. */
export const coreVersion: string = readPackageVersion();

function readPackageVersion(): string {
  // dist/core/version.js -> ../../package.json; the same relative path holds from the source tree.
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
