import { fromUnix, toNumber } from '../../core/providers/index.js';

/**
 * Epoch ms of a Unix time whose unit is read from its size: the spec gives snapshot times in
 * ns, older answers and client code show ms. Any instant after 1973 is told apart safely.
 */
export function fromUnixOfAnyUnit(value: unknown, what: string): number {
  const size = Math.abs(toNumber(value, what));
  const unit = size >= 1e17 ? 'ns' : size >= 1e14 ? 'us' : size >= 1e11 ? 'ms' : 's';
  return fromUnix(value, unit, what);
}
