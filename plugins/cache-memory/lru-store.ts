interface Entry {
  readonly value: unknown;
  /** Epoch milliseconds after which the entry is gone, or undefined for never. */
  readonly expiresAt: number | undefined;
}

/**
 * A Map-like store bounded to `maxEntries`, evicting the least recently used entry, for keyv
 * to keep its serialized entries in. It honours the TTL keyv passes to `set()` itself too, so
 * expired entries free their memory on the next touch and `has()` never reports one.
 */
export class LruStore {
  /** Set by keyv to its namespace; keys arrive already prefixed with it. */
  namespace: string | undefined;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${String(maxEntries)}`);
    }
  }

  /** Number of entries held, expired ones not yet touched included. */
  get size(): number {
    return this.entries.size;
  }

  /** The value at `key`, marking it most recently used; undefined when absent or expired. */
  get(key: string): unknown {
    const entry = this.liveEntry(key);
    if (!entry) return undefined;
    // A Map iterates in insertion order: re-inserting moves the key to the young end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: string, value: unknown, ttlMs?: number): boolean {
    const expiresAt =
      ttlMs !== undefined && Number.isFinite(ttlMs) && ttlMs > 0 ? Date.now() + ttlMs : undefined;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt });
    return true;
  }

  has(key: string): boolean {
    return this.liveEntry(key) !== undefined;
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private liveEntry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && Date.now() > entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
