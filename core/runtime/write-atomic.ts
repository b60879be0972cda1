import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

let sequence = 0;

/**
 * Replaces `file` with `text` so that a reader, or a crash at any moment, sees either the old
 * content or the new one, never a mix: the text goes to a temporary file in the same folder,
 * is flushed to disk, and is renamed over `file`, and the folder is flushed so that the rename
 * itself survives a power loss. Creates the folder when needed. On failure the temporary file
 * is removed and `file` is left as it was.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  sequence += 1;
  // Unique per process and call, so that two writers never share a temporary file.
  const temporary = `${file}.${process.pid}.${sequence}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(file));
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot flush a folder (EINVAL, EISDIR); the rename is done regardless.
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EINVAL' || code === 'EISDIR' || code === 'ENOTSUP' || code === 'EPERM';
}
