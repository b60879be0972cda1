import { loadRegistry } from '../../config/prepare.js';
import { composeManifestSchema } from '../../schema/compose.js';
import { writeLine, type CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';

/** Options of `stockpoller schema`. */
export interface SchemaOptions {
  readonly config?: string;
  readonly env?: string;
}

/**
 * Prints the manifest schema composed with every known plugin's options schema, for editors:
 * `stockpoller schema > stockpoller.schema.json`, then the `# yaml-language-server: $schema=`
 * line at the top of stockpoller.yaml.
 */
export async function schemaCommand(io: CliIo, options: SchemaOptions): Promise<number> {
  try {
    const { registry } = await loadRegistry(
      { configPath: options.config, env: options.env, cwd: io.cwd, vars: io.env },
      { optional: true },
    );
    writeLine(io.stdout, JSON.stringify(composeManifestSchema(registry), null, 2));
    return 0;
  } catch (error) {
    return reportFailure(io, error);
  }
}
