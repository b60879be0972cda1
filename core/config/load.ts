import type { ConfigProblem, StockpollerError } from '../errors/index.js';
import { discoverManifest, loadManifestDocument } from './discover.js';
import { interpolateConfig } from './interpolate.js';
import { mergeDocuments, resolveOverlayFile, stripNullValues } from './overlay.js';
import { readConfigFile } from './parse-yaml.js';
import { createProblemsError, problemsOfError } from './problems.js';
import type { LoadedConfig, ParsedDocument } from './source.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Manifest path from --config or STOCKPOLLER_CONFIG; searched for when undefined. */
  readonly configPath?: string;
  /** Environment from --env or STOCKPOLLER_ENV; selects `configs/<env>.yaml`. */
  readonly env?: string;
  /** Directory that relative paths and the search start from. */
  readonly cwd: string;
  /** Variables for `${VAR}` interpolation, usually `process.env`. */
  readonly vars: NodeJS.ProcessEnv;
}

/**
 * Turns the files on disk into a {@link LoadedConfig}: finds the manifest, parses it and the
 * environment's overlay, merges them, removes `null` entries ("unset") and interpolates
 * variables. Schema validation is the caller's next step.
 *
 * A missing manifest or unknown environment is thrown as soon as it is found, since nothing
 * else can be checked without it. Every other problem is collected: parse problems of the
 * manifest and the overlay are reported together, and so are all interpolation problems.
 *
 * @throws StockpollerError SP_ERR_CONFIG_NOT_FOUND, SP_ERR_CONFIG_UNKNOWN_ENV, or one error
 *   with the first problem's code, a message like `configuration has 3 problems` and every
 *   problem in `problems`.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const found = await discoverManifest({
    cwd: options.cwd,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
  });
  const overlayFile =
    options.env === undefined ? undefined : resolveOverlayFile(found.file, options.env);

  const problems: ConfigProblem[] = [];
  const manifest = collectProblems(problems, () => loadManifestDocument(found));
  const overlay =
    overlayFile === undefined
      ? undefined
      : collectProblems(problems, () => readConfigFile(overlayFile));
  if (manifest === undefined || problems.length > 0) throw configurationError(problems);

  const merged =
    overlay === undefined
      ? stripNullValues(manifest.value, manifest.origins)
      : mergeDocuments(manifest, overlay);
  const interpolated = interpolateConfig(merged.value, merged.origins, options.vars);
  if (interpolated.problems.length > 0) throw configurationError(interpolated.problems);

  return {
    manifestFile: found.file,
    overlayFile,
    env: options.env,
    value: interpolated.value,
    origins: interpolated.origins,
    secretRefs: interpolated.secretRefs,
  };
}

/** Runs one parse step, adding its problems to `problems` instead of throwing. */
function collectProblems(
  problems: ConfigProblem[],
  parse: () => ParsedDocument,
): ParsedDocument | undefined {
  try {
    return parse();
  } catch (error) {
    problems.push(...problemsOfError(error));
    return undefined;
  }
}

function configurationError(problems: readonly ConfigProblem[]): StockpollerError {
  return createProblemsError('configuration', problems);
}
