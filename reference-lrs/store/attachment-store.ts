// Attachment data, content-addressed: dataDir/attachments/<sha2 hex>. Written (temp file, fsync, rename,
// directory fsync) before the statement that references it is committed, so an acknowledged statement never
// points at missing data. Files of refused requests are harmless orphans.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, writeFileDurably } from '../durable.js';

const HASH = /^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/;

export class AttachmentStore {
  private constructor(private readonly dir: string) {}

  static async open(dataDir: string): Promise<AttachmentStore> {
    const dir = join(dataDir, 'attachments');
    await mkdir(dir, { recursive: true });
    await syncDirectory(dataDir);
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
    await writeFileDurably(this.pathOf(sha2), data);
  }

  async get(sha2: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(sha2));
    } catch {
      return undefined;
    }
  }
}
