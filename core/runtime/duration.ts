import { StockpollerError } from '../errors/index.js';

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses a manifest duration such as `250ms`, `15s`, `1.5m` or `2h` into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(text);
  if (match === null) {
    throw new StockpollerError(
      'SP_ERR_CONFIG_BAD_VALUE',
      `"${text}" is not a duration`,
      'write a number and a unit: 500ms, 15s, 5m or 1h',
    );
  }
  const [, amount, unit] = match as unknown as [string, string, keyof typeof unitMs];
  return Math.round(Number(amount) * unitMs[unit]);
}
