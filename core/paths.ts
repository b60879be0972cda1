import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StockpollerError } from './errors/index.js';

const packageName = 'stockpoller';

/**
 * Walks up from `start` to the first directory whose package.json is stockpoller's own.
 * Walking (rather than a fixed `../..`) keeps this right whether the code runs from `dist/core/`,
 * from the sources, or from `node_modules/stockpoller/dist/core/`.
 */
function findPackageRoot(start: string): string {
  let directory = start;
  for (;;) {
    if (isStockpollerPackage(join(directory, 'package.json'))) return directory;

    const parent = dirname(directory);
    if (parent === directory) {
      throw new StockpollerError(
        'SP_ERR_INTERNAL',
        `stockpoller could not find its own package.json in ${start} or any folder above it`,
        'Reinstall stockpoller; the installation is incomplete.',
      );
    }
    directory = parent;
  }
}

function isStockpollerPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
    return parsed.name === packageName;
  } catch {
    // An unreadable or foreign package.json on the way up is not ours; keep walking.
    return false;
  }
}

/** Absolute path of the installed stockpoller package (the directory of its package.json). */
export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Absolute path of the JSON Schemas shipped with stockpoller (`<packageRoot>/schemas`). */
export const schemasDir: string = join(packageRoot, 'schemas');
