import { open, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** When a file is rotated and how hard its contents are pushed to disk. */
export interface FilePolicy {
  /** Rotate before the file would grow past this many bytes; 0 never rotates. */
  readonly maxBytes: number;
  /** Rotated files kept: `path.1` (newest) to `path.<maxFiles>`. */
  readonly maxFiles: number;
  /** fdatasync the file (and its directory after a rotation) when asked to sync. */
  readonly fsync: boolean;
}

/**
 * A file opened for appending for the length of one batch. Opening it afresh for each batch
 * costs one open and close, and buys two things: a file deleted or moved away by someone
 * else (logrotate, an operator) is recreated instead of written into the void, and a missing
 * directory is reported on the batch that hits it.
 */
export class RotatingFile {
  private constructor(
    private readonly filePath: string,
    private readonly policy: FilePolicy,
    private handle: FileHandle,
    private size: number,
  ) {}

  /** Opens (creating it if needed) the file at `filePath` for appending. */
  static async open(filePath: string, policy: FilePolicy): Promise<RotatingFile> {
    const handle = await open(filePath, 'a');
    try {
      const { size } = await handle.stat();
      return new RotatingFile(filePath, policy, handle, size);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * True when a line of `lineBytes`, written after `pendingBytes` not yet appended, would take
   * a non-empty file past `maxBytes`. An empty file takes any line, however long.
   */
  needsRotation(pendingBytes: number, lineBytes: number): boolean {
    const before = this.size + pendingBytes;
    return this.policy.maxBytes > 0 && before > 0 && before + lineBytes > this.policy.maxBytes;
  }

  /** Appends the whole chunk (the handle retries short writes). */
  async append(chunk: Buffer): Promise<void> {
    await this.handle.appendFile(chunk);
    this.size += chunk.length;
  }

  /** With `fsync`, waits until what was appended is on disk; otherwise does nothing. */
  async sync(): Promise<void> {
    if (this.policy.fsync) await this.handle.datasync();
  }

  /**
   * Moves `path` to `path.1`, `path.1` to `path.2` and so on, dropping `path.<maxFiles>`
   * (the last rename overwrites it), and opens a new, empty `path`. Call sync() first: the
   * caller confirms the lines written so far on that.
   */
  async rotate(): Promise<void> {
    await this.handle.close();
    for (let index = this.policy.maxFiles - 1; index >= 1; index -= 1) {
      await renameIfPresent(`${this.filePath}.${index}`, `${this.filePath}.${index + 1}`);
    }
    await rename(this.filePath, `${this.filePath}.1`);
    // A rename is durable only once the directory itself is on disk.
    if (this.policy.fsync) await syncDirectory(path.dirname(this.filePath));
    this.handle = await open(this.filePath, 'a');
    this.size = 0;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
