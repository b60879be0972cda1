import { prepareConfig } from '../../config/prepare.js';
import { hintForName } from '../../config/hints.js';
import { StockpollerError } from '../../errors/index.js';
import { createContainer } from '../../kernel/container.js';
import { Kernel } from '../../kernel/kernel.js';
import { systemClock } from '../../kernel/tokens.js';
import { createLogger } from '../../logger.js';
import { ProviderStack, resilienceLayer } from '../../runtime/provider-stack.js';
import type { CliIo } from '../io.js';
import { reportFailure } from '../render-errors.js';
import { fetchRecords, type FetchRequest } from './fetch-records.js';
import { printFetchResults } from './fetch-output.js';

/** Options of `stockpoller fetch`. */
export interface FetchOptions {
  readonly config?: string;
  readonly env?: string;
  readonly provider: string;
  readonly bars: boolean;
  readonly interval: string;
  readonly from?: string;
  readonly to?: string;
  readonly format: 'json' | 'table';
}

/**
 * Runs one provider of the manifest directly, without transports, and prints the normalized
 * records: how users try a key before they deploy. Exit 0 when every symbol succeeded, 1 when
 * some failed, 2 for usage or configuration errors.
 */
export async function fetchCommand(
  io: CliIo,
  symbols: readonly string[],
  options: FetchOptions,
): Promise<number> {
  let kernel: Kernel | undefined;
  try {
    const prepared = await prepareConfig({
      configPath: options.config,
      env: options.env,
      cwd: io.cwd,
      vars: io.env,
    });
    const declared = Object.keys(prepared.manifest.providers);
    if (!declared.includes(options.provider)) {
      throw new StockpollerError(
        'SP_ERR_CLI_USAGE',
        `no provider is named "${options.provider}" in the manifest`,
        hintForName('providers', options.provider, declared) ?? 'declare it under providers:',
      );
    }
    const logger = createLogger(prepared.manifest.logLevel);
    kernel = createContainer(prepared, { logger }).resolve(Kernel);
    await kernel.start(
      (kind, label) => kind === 'secret-store' || kind === 'cache' || label === options.provider,
    );

    // Retried like a pipeline's calls, but never answered from the result cache: fetch is for
    // seeing what the provider says now.
    const stack = new ProviderStack(kernel, prepared.manifest, logger, systemClock, [
      resilienceLayer,
    ]);
    const provider = stack.provider(options.provider);
    const request: FetchRequest = { symbols: symbols.map((s) => s.toUpperCase()), ...options };
    const results = await fetchRecords(provider, request, Date.now());
    await kernel.stop();

    printFetchResults(io, results, options.format);
    return results.every((r) => r.error === undefined) ? 0 : 1;
  } catch (error) {
    await kernel?.stop();
    reportFailure(io, error);
    // For fetch, a configuration problem is a usage error like any other: the run never started.
    return 2;
  }
}
