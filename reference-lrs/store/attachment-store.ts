// Attachment data, content-addressed: dataDir/attachments/<sha2 hex>. Written (temp file, fsync, rename,
// directory fsync) before the statement that references it is committed, so an acknowledged statement never
// points at missing data. Files of refused requests are harmless orphans.
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { syncDir } from './sync-dir.js';

const HASH = /^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/;

export class AttachmentStore {
  private constructor(private readonly dir: string) {}

  static async open(dataDir: string): Promise<AttachmentStore> {
    const dir = join(dataDir, 'attachments');
    await mkdir(dir, { recursive: true });
    await syncDir(dataDir);
    return new AttachmentStore(dir);
  }

  private pathOf(sha2: string): string {
    const hash = sha2.toLowerCase();
    if (!HASH.test(hash)) throw new Error(`not a SHA-2 hex digest: ${sha2}`);
    return join(this.dir, hash);
  }

  async has(sha2: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha2));
      return true;
    } catch {
      return false;
    }
  }

  async put(sha2: string, data: Uint8Array): Promise<void> {
    if (await this.has(sha2)) return;
    const target = this.pathOf(sha2);
    const temp = join(this.dir, `.tmp-${randomUUID()}`);
    const file = await open(temp, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    await syncDir(this.dir);
  }

  async get(sha2: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(sha2));
    } catch {
      return undefined;
    }
  }
}
