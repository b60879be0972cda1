/**
 * The bare loop the pipeline is measured against: an undici pool fetching the same FMP batches
 * and JSON.parse-ing them, nothing else. Imports undici alone, so that a process running only
 * this loop is a fair baseline for memory too.
 */
import { Pool } from 'undici';

/** FMP's batch size, and the size of every request of both subjects. */
export const batchSize = 100;

/** `count` distinct upper-case tickers: SAAAA, SAAAB, ... */
export function tickers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let letters = '';
    for (let rest = i, n = 0; n < 4; n += 1, rest = Math.floor(rest / 26)) {
      letters = String.fromCharCode(65 + (rest % 26)) + letters;
    }
    return `S${letters}`;
  });
}

/** `items` dealt into `parts` contiguous slices of nearly equal size. */
export function slices<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The median of some samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** The bare loop: an undici pool with the pipeline's connections, paths prepared once. */
export interface BareClient {
  /** Request paths of each worker, one per batch. */
  readonly workers: readonly (readonly string[])[];
  readonly pool: Pool;
}

/** A bare client for the same batches, split among `concurrency` workers as the pipelines are. */
export function bareClient(url: string, symbols: readonly string[], concurrency: number) {
  const workers = slices(symbols, concurrency).map((part) => {
    const paths: string[] = [];
    for (let start = 0; start < part.length; start += batchSize) {
      const batch = part.slice(start, start + batchSize).join(',');
      paths.push(`/stable/batch-quote?symbols=${batch}&apikey=bench-key`);
    }
    return paths;
  });
  // The same pool settings as a provider's ProviderHttp gets from the kernel.
  const pool = new Pool(url, { connections: 8, keepAliveTimeout: 30_000 });
  return { workers, pool } satisfies BareClient;
}

/** Fetches every batch once, each worker one request at a time; returns the quotes parsed. */
export async function bareRound(client: BareClient): Promise<number> {
  const counts = await Promise.all(
    client.workers.map(async (paths) => {
      let quotes = 0;
      for (const requestPath of paths) {
        const response = await client.pool.request({
          method: 'GET',
          path: requestPath,
          headers: { accept: 'application/json' },
        });
        const items = JSON.parse(await response.body.text()) as unknown[];
        if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
        quotes += items.length;
      }
      return quotes;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
