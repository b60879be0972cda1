import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** True when a `plugins:` entry is a path (relative to the manifest) rather than a package name. */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || path.isAbsolute(specifier);
}

/**
 * Finds the ESM entry file of an installed package, looking in `node_modules` folders from
 * `fromDir` upwards the way Node does. Import maps and `exports` conditions other than
 * `import`/`default`/`node` are not considered; plugins should publish a plain entry.
 */
export function resolvePackageEntry(packageName: string, fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    const packageDir = path.join(dir, 'node_modules', packageName);
    const manifest = path.join(packageDir, 'package.json');
    if (existsSync(manifest)) return entryOfPackage(packageDir, manifest);

    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function entryOfPackage(packageDir: string, manifestFile: string): string {
  const pkg = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    exports?: unknown;
    module?: unknown;
    main?: unknown;
  };
  const fromExports = pickExport(pkg.exports);
  const relative =
    fromExports ??
    (typeof pkg.module === 'string' ? pkg.module : undefined) ??
    (typeof pkg.main === 'string' ? pkg.main : 'index.js');
  return path.resolve(packageDir, relative);
}

function pickExport(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (typeof exportsField !== 'object' || exportsField === null) return undefined;

  const record = exportsField as Record<string, unknown>;
  const root = '.' in record ? record['.'] : record;
  if (typeof root === 'string') return root;
  if (typeof root !== 'object' || root === null) return undefined;

  const conditions = root as Record<string, unknown>;
  for (const condition of ['import', 'node', 'default']) {
    const target = conditions[condition];
    if (typeof target === 'string') return target;
    const nested = pickExport(target);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
