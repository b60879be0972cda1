import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { StockpollerError, describeError, isStockpollerError } from '../errors/index.js';
import { parseYamlDocument, readConfigFile } from './parse-yaml.js';
import { isPlainRecord } from './plain-data.js';
import { splitPointer, type OriginMap, type ParsedDocument } from './source.js';

/** Where the manifest is: the file, and the JSON pointer of the manifest inside that file. */
export interface ManifestLocation {
  /** Absolute path of the file that holds the manifest. */
  readonly file: string;
  /** "" when the whole file is the manifest; "/stockpoller" inside a package.json. */
  readonly pointer: string;
}

/** Options of {@link discoverManifest}. */
export interface DiscoverOptions {
  /** Path from --config or STOCKPOLLER_CONFIG (the caller picks which); relative to `cwd`. */
  readonly configPath?: string;
  /** Directory the search starts from. */
  readonly cwd: string;
}

/** File names searched in each directory, in order of preference. */
export const manifestSearchPlaces: readonly string[] = [
  'stockpoller.yaml',
  'stockpoller.yml',
  '.stockpollerrc.yaml',
  '.stockpollerrc.yml',
  '.stockpollerrc.json',
  '.stockpollerrc',
  'package.json',
];

/** The package.json property that may hold the manifest. */
const packageProperty = 'stockpoller';

/**
 * Finds the manifest. With `configPath`, that file is the manifest. Otherwise the search
 * starts in `cwd` and climbs parent directories up to the first one holding a package.json
 * or a .git entry (that directory included), trying {@link manifestSearchPlaces} in each; a
 * package.json counts only when it has a `stockpoller` property.
 *
 * Only the location is decided here; {@link loadManifestDocument} reads and parses the file.
 *
 * @throws StockpollerError SP_ERR_CONFIG_NOT_FOUND naming the path tried or the places
 *   searched; SP_ERR_CONFIG_READ when a directory or file cannot be read.
 */
export async function discoverManifest(options: DiscoverOptions): Promise<ManifestLocation> {
  const cwd = path.resolve(options.cwd);
  if (options.configPath !== undefined) {
    return locateGivenManifest(path.resolve(cwd, options.configPath));
  }

  const directories = await listSearchDirectories(cwd);
  try {
    // Cosmiconfig's 'project' strategy stops only at package.json, not at .git, and 'none'
    // refuses a stopDir: so the directories are listed here and searched one by one.
    const explorer = cosmiconfig(packageProperty, {
      searchPlaces: [...manifestSearchPlaces],
      searchStrategy: 'none',
      packageProp: packageProperty,
      ignoreEmptySearchPlaces: false,
      cache: false,
      loaders: { '.yaml': markFound, '.yml': markFound, '.json': loadJsonPlace, noExt: markFound },
    });
    for (const directory of directories) {
      const result = await explorer.search(directory);
      // An empty package.json holds no manifest, whereas an empty stockpoller.yaml is one
      // (an invalid one, which validation will say).
      if (result === null || (result.isEmpty === true && isPackageJson(result.filepath))) continue;
      return locationOf(path.resolve(result.filepath));
    }
  } catch (error) {
    if (isStockpollerError(error)) throw error;
    throw new StockpollerError(
      'SP_ERR_CONFIG_READ',
      `searching for the manifest from ${cwd} failed: ${describeError(error)}`,
      'check the permissions of the directories searched, or pass --config <file>',
      { cause: error },
    );
  }

  throw new StockpollerError(
    'SP_ERR_CONFIG_NOT_FOUND',
    `no stockpoller manifest found in ${directories.join(', ')}`,
    `create stockpoller.yaml in ${cwd}, or pass --config <file> (or set STOCKPOLLER_CONFIG); ` +
      `searched for ${manifestSearchPlaces.join(', ')} (its "${packageProperty}" property)`,
  );
}

/**
 * Reads and parses the manifest found by {@link discoverManifest}. JSON files go through the
 * same YAML parser (JSON is YAML 1.2), so every value has a position. Inside a package.json the
 * manifest is the `stockpoller` subtree: its pointers are re-rooted at "" while its origins
 * keep their real positions in package.json.
 *
 * @throws StockpollerError from {@link readConfigFile}; SP_ERR_CONFIG_NOT_FOUND when the
 *   package.json has no `stockpoller` property.
 */
export function loadManifestDocument(found: ManifestLocation): ParsedDocument {
  const document = readConfigFile(found.file);
  if (found.pointer === '') return document;

  let value: unknown = document.value;
  for (const segment of splitPointer(found.pointer)) {
    value = isPlainRecord(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
  }
  if (value === undefined) {
    throw new StockpollerError(
      'SP_ERR_CONFIG_NOT_FOUND',
      `${document.file} has no "${packageProperty}" property`,
      `add a "${packageProperty}" object to ${path.basename(document.file)}, or put the manifest in stockpoller.yaml`,
    );
  }

  const origins: OriginMap = new Map();
  for (const [pointer, origin] of document.origins) {
    if (pointer === found.pointer) {
      // The subtree becomes the root, and a root has no key.
      origins.set('', { file: origin.file, value: origin.value });
    } else if (pointer.startsWith(`${found.pointer}/`)) {
      origins.set(pointer.slice(found.pointer.length), origin);
    }
  }
  return { file: document.file, value, origins };
}

async function locateGivenManifest(file: string): Promise<ManifestLocation> {
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) {
      throw new StockpollerError(
        'SP_ERR_CONFIG_NOT_FOUND',
        `${file} is a directory, not a manifest file`,
        `pass the manifest file itself, for example ${path.join(file, 'stockpoller.yaml')}`,
      );
    }
  } catch (error) {
    if (isStockpollerError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new StockpollerError(
        'SP_ERR_CONFIG_NOT_FOUND',
        `the manifest ${file} does not exist`,
        `check the path given to --config or STOCKPOLLER_CONFIG (tried ${file})`,
        { cause: error },
      );
    }
    throw new StockpollerError(
      'SP_ERR_CONFIG_READ',
      `cannot read the manifest ${file}: ${describeError(error)}`,
      'check the permissions of the file and of its directory',
      { cause: error },
    );
  }
  return locationOf(file);
}

/** `start` and its parents, up to the first that holds a package.json or .git (included). */
async function listSearchDirectories(start: string): Promise<string[]> {
  const directories: string[] = [];
  for (let directory = start; ; directory = path.dirname(directory)) {
    directories.push(directory);
    const isRoot = path.dirname(directory) === directory;
    if (isRoot || (await isProjectRoot(directory))) return directories;
  }
}

async function isProjectRoot(directory: string): Promise<boolean> {
  const markers = ['package.json', '.git'].map((name) => exists(path.join(directory, name)));
  return (await Promise.all(markers)).some(Boolean);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function locationOf(file: string): ManifestLocation {
  return { file, pointer: isPackageJson(file) ? `/${packageProperty}` : '' };
}

function isPackageJson(file: string): boolean {
  return path.basename(file) === 'package.json';
}

// Discovery only needs to know a file is there: it is read and parsed later, with positions
// and the size limit. A package.json is the exception: whether it holds a manifest depends on
// its content.
const markFound: Loader = () => true;

const loadJsonPlace: Loader = (filepath, content) =>
  isPackageJson(filepath) ? parseYamlDocument(filepath, content).value : true;
