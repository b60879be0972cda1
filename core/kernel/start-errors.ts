import { StockpollerError, describeError, isStockpollerError } from '../errors/index.js';

/** Why `start()` rejects when the kernel was told to stop while a plugin was starting. */
export function stoppedWhileStarting(what: string): StockpollerError {
  return new StockpollerError(
    'SP_ERR_PLUGIN_START_FAILED',
    `${what} was stopped while starting`,
    'stockpoller was told to stop (a signal) during startup; nothing more was started.',
  );
}

/** A plugin's failed start, as the kernel reports it: its own timeout error kept as is. */
export function startFailure(what: string, error: unknown): StockpollerError {
  if (isStockpollerError(error) && error.code === 'SP_ERR_PLUGIN_START_TIMEOUT') return error;
  const hint = isStockpollerError(error)
    ? error.hint
    : 'See the cause above; fix the options or what the plugin connects to.';
  return new StockpollerError(
    'SP_ERR_PLUGIN_START_FAILED',
    `${what} failed to start: ${describeError(error)}`,
    hint,
    {
      cause: error,
    },
  );
}
