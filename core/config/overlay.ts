import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StockpollerError, describeError } from '../errors/index.js';
import { copyWithOrigins, isPlainRecord, setOwnValue, type PlainRecord } from './plain-data.js';
import { childPointer, type OriginMap, type ParsedDocument } from './source.js';

/** Folder beside the manifest that holds the environment overlays. */
export const overlayDirectoryName = 'configs';

/** Extensions of overlay files, in order of preference when both exist. */
const overlayExtensions = ['.yaml', '.yml'] as const;

const envNamePattern = /^[A-Za-z0-9_-]+$/;

/** Plain data with the origin of every value. */
export interface DataWithOrigins {
  readonly value: unknown;
  readonly origins: OriginMap;
}

/**
 * Names of the environments that have an overlay: `configs/<name>.yaml` or `.yml` beside the
 * manifest, sorted, each name once. Empty when the folder does not exist.
 */
export function listOverlays(manifestFile: string): string[] {
  const directory = overlayDirectory(manifestFile);
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new StockpollerError(
      'SP_ERR_CONFIG_READ',
      `cannot list the overlays in ${directory}: ${describeError(error)}`,
      'check the permissions of the folder',
      { cause: error },
    );
  }

  const names = new Set<string>();
  for (const entry of entries) {
    const extension = path.extname(entry);
    const name = path.basename(entry, extension);
    const isOverlay =
      (overlayExtensions as readonly string[]).includes(extension) &&
      envNamePattern.test(name) &&
      isFile(path.join(directory, entry));
    if (isOverlay) names.add(name);
  }
  return [...names].sort();
}

/**
 * The overlay file of an environment: `configs/<env>.yaml` beside the manifest, else
 * `configs/<env>.yml` (the `.yaml` file wins when both exist).
 *
 * @throws StockpollerError SP_ERR_CONFIG_UNKNOWN_ENV when the name is not letters, digits,
 *   `-` and `_`, or when no overlay exists for it; the hint lists the overlays that do.
 */
export function resolveOverlayFile(manifestFile: string, env: string): string {
  const directory = overlayDirectory(manifestFile);
  if (!envNamePattern.test(env)) {
    throw new StockpollerError(
      'SP_ERR_CONFIG_UNKNOWN_ENV',
      `environment name ${JSON.stringify(env)} is not valid`,
      'an environment name uses only letters, digits, "-" and "_" (it names configs/<env>.yaml)',
    );
  }

  for (const extension of overlayExtensions) {
    const file = path.join(directory, `${env}${extension}`);
    if (isFile(file)) return file;
  }

  const known = listOverlays(manifestFile);
  const hint =
    known.length === 0
      ? `no overlays exist in ${directory}: create ${path.join(directory, `${env}.yaml`)}, or drop --env / STOCKPOLLER_ENV`
      : `choose one of: ${known.join(', ')} (files in ${directory})`;
  throw new StockpollerError(
    'SP_ERR_CONFIG_UNKNOWN_ENV',
    `environment "${env}" has no overlay`,
    hint,
  );
}

/**
 * Applies an environment overlay to the manifest:
 * - mappings merge key by key, at any depth;
 * - arrays are replaced whole (never concatenated), scalars are replaced;
 * - `null` in the overlay removes the key from the result;
 * - an empty overlay (`null` document) changes nothing.
 *
 * Afterwards every remaining `null` mapping value is removed too ({@link stripNullValues}):
 * in stockpoller configuration `null` means "unset, use the default".
 *
 * Origins follow the values: a value the overlay set (including every item of an array it
 * replaced) points into the overlay, anything else into the manifest; a merged mapping keeps
 * the manifest's origin, where it was declared. Removed keys leave no origins behind.
 */
export function mergeDocuments(base: ParsedDocument, overlay: ParsedDocument): DataWithOrigins {
  const origins: OriginMap = new Map();
  const value =
    overlay.value === null
      ? copyWithOrigins(base.value, '', base.origins, origins, { dropNullEntries: true })
      : mergeValues(base, overlay, base.value, overlay.value, '', origins);
  return { value, origins };
}

/**
 * Removes every mapping entry whose value is `null`, at any depth, with its origin: `null`
 * means "unset, use the default", the same as leaving the key out. Array items that are `null`
 * stay, and so does a `null` document (the schema reports it). Returns a copy.
 */
export function stripNullValues(value: unknown, origins: OriginMap): DataWithOrigins {
  const kept: OriginMap = new Map();
  return {
    value: copyWithOrigins(value, '', origins, kept, { dropNullEntries: true }),
    origins: kept,
  };
}

function mergeValues(
  base: ParsedDocument,
  overlay: ParsedDocument,
  baseValue: unknown,
  overlayValue: unknown,
  pointer: string,
  origins: OriginMap,
): unknown {
  const copyOptions = { dropNullEntries: true };
  if (!isPlainRecord(baseValue) || !isPlainRecord(overlayValue)) {
    return copyWithOrigins(overlayValue, pointer, overlay.origins, origins, copyOptions);
  }

  const baseOrigin = base.origins.get(pointer);
  if (baseOrigin !== undefined) origins.set(pointer, baseOrigin);

  const merged: PlainRecord = {};
  for (const [key, baseChild] of Object.entries(baseValue)) {
    const child = childPointer(pointer, key);
    if (!Object.hasOwn(overlayValue, key)) {
      if (baseChild !== null) {
        setOwnValue(
          merged,
          key,
          copyWithOrigins(baseChild, child, base.origins, origins, copyOptions),
        );
      }
      continue;
    }
    const overlayChild = overlayValue[key];
    if (overlayChild === null) continue;
    setOwnValue(merged, key, mergeValues(base, overlay, baseChild, overlayChild, child, origins));
  }
  for (const [key, overlayChild] of Object.entries(overlayValue)) {
    if (Object.hasOwn(baseValue, key) || overlayChild === null) continue;
    const child = childPointer(pointer, key);
    setOwnValue(
      merged,
      key,
      copyWithOrigins(overlayChild, child, overlay.origins, origins, copyOptions),
    );
  }
  return merged;
}

function overlayDirectory(manifestFile: string): string {
  return path.join(path.dirname(path.resolve(manifestFile)), overlayDirectoryName);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
