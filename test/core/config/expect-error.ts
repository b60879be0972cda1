import { expect } from 'chai';
import { isStockpollerError, type StockpollerError } from '../../../core/errors/index.js';

/** Runs `run` and returns the StockpollerError it throws; fails the test otherwise. */
export function catchError(run: () => unknown): StockpollerError {
  try {
    run();
  } catch (error) {
    if (isStockpollerError(error)) return error;
    throw error;
  }
  return expect.fail('expected a StockpollerError to be thrown');
}

/** Awaits `run` and returns the StockpollerError it rejects with; fails the test otherwise. */
export async function catchRejection(run: () => Promise<unknown>): Promise<StockpollerError> {
  try {
    await run();
  } catch (error) {
    if (isStockpollerError(error)) return error;
    throw error;
  }
  return expect.fail('expected a StockpollerError to be thrown');
}

/** The problems of an error reduced to what tests compare: code, line, column and pointer. */
export function placesOf(error: StockpollerError): [string, number?, number?, string?][] {
  return error.problems.map((p) => [p.code, p.line, p.column, p.pointer]);
}
