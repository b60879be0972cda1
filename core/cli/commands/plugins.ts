import { loadRegistry } from '../../config/prepare.js';
import { writeLine, type CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';

/** Options of `stockpoller plugins`. */
export interface PluginsOptions {
  readonly config?: string;
  readonly env?: string;
  readonly format: 'text' | 'json';
}

/**
 * Lists every plugin the kernel knows: the built-ins plus the third-party modules the manifest
 * lists under `plugins:` (only built-ins when no manifest is found).
 */
export async function pluginsCommand(io: CliIo, options: PluginsOptions): Promise<number> {
  try {
    const { registry } = await loadRegistry(
      { configPath: options.config, env: options.env, cwd: io.cwd, vars: io.env },
      { optional: true },
    );
    const rows = registry.list().map(({ definition, source }) => ({
      kind: definition.kind,
      name: definition.name,
      version: definition.version,
      source,
      description: definition.description ?? '',
    }));
    if (options.format === 'json') {
      writeLine(io.stdout, JSON.stringify(rows, null, 2));
      return 0;
    }
    const header = {
      kind: 'KIND',
      name: 'NAME',
      version: 'VERSION',
      source: 'SOURCE',
      description: 'DESCRIPTION',
    };
    const table = [header, ...rows];
    const width = (key: keyof typeof header) => Math.max(...table.map((r) => r[key].length));
    for (const row of table) {
      const cells = (['kind', 'name', 'version', 'source'] as const).map((k) =>
        row[k].padEnd(width(k)),
      );
      writeLine(io.stdout, [...cells, row.description].join('  ').trimEnd());
    }
    return 0;
  } catch (error) {
    return reportFailure(io, error);
  }
}
