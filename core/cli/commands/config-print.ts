import { prepareConfig } from '../../config/prepare.js';
import { redactManifest, renderEffectiveYaml } from '../../config/effective.js';
import type { CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';

/** Options of `stockpoller config print`. */
export interface ConfigPrintOptions {
  readonly config?: string;
  readonly env?: string;
  readonly showOrigin: boolean;
  readonly format: 'yaml' | 'json';
}

/**
 * Prints the effective configuration (overlay merged, variables interpolated, defaults
 * applied) with secrets redacted: `${secret:...}` references are never resolved, and options
 * a plugin marks as secret print as "[redacted]".
 */
export async function configPrintCommand(io: CliIo, options: ConfigPrintOptions): Promise<number> {
  try {
    const prepared = await prepareConfig({
      configPath: options.config,
      env: options.env,
      cwd: io.cwd,
      vars: io.env,
    });
    const safe = redactManifest(prepared.manifest, prepared.registry);
    if (options.format === 'json') {
      io.stdout.write(`${JSON.stringify(safe, null, 2)}\n`);
    } else {
      io.stdout.write(
        renderEffectiveYaml(safe, options.showOrigin ? prepared.loaded.origins : undefined, io.cwd),
      );
    }
    return 0;
  } catch (error) {
    return reportFailure(io, error);
  }
}
