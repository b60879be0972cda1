import { pino, type Logger } from 'pino';
import type { CacheInstance, Clock } from '../../../core/plugins/types.js';

/** One parsed pino line. */
export type LogLine = Record<string, unknown> & { msg: string; level: number };

/** A debug-level logger keeping every line it writes, parsed. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { logger, lines };
}

/** A clock reading `Date.now()`, so sinon's fake timers drive it and the caches alike. */
export const wallClock: Clock = { now: () => Date.now() };

/** A cache whose every operation fails the way `mode` says: at once, or never settling. */
export function brokenCache(mode: 'reject' | 'throw' | 'hang'): CacheInstance & { calls: number } {
  const fail = (): Promise<never> => {
    cache.calls += 1;
    if (mode === 'throw') throw new Error('cache client gone');
    if (mode === 'hang') return new Promise<never>(() => undefined);
    return Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379'));
  };
  const cache = { calls: 0, get: fail, set: fail, delete: fail };
  return cache;
}
