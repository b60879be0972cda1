import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A scratch directory tree for one test, removed by {@link TempDirs.removeAll}. */
export class TempDirs {
  private readonly created: string[] = [];

  /**
   * Creates a directory holding `files` (relative path to content; a path ending in "/" makes
   * an empty directory). The directory gets a `.git` folder unless `gitRoot` is false, so a
   * manifest search stops there instead of wandering into the real /tmp.
   */
  create(files: Record<string, string> = {}, options: { gitRoot?: boolean } = {}): string {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stockpoller-config-')));
    this.created.push(root);
    if (options.gitRoot !== false) fs.mkdirSync(path.join(root, '.git'));
    for (const [relative, content] of Object.entries(files)) {
      const target = path.join(root, relative);
      if (relative.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    return root;
  }

  removeAll(): void {
    for (const dir of this.created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}
