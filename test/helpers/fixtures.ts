import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (tests run compiled from dist/test/helpers/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Absolute path of a file under test/fixtures/. */
export function fixturePath(...segments: string[]): string {
  return path.join(repoRoot, 'test', 'fixtures', ...segments);
}
