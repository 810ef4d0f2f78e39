// fsync of a directory: makes the names created in it (files, sub-folders) survive a power loss.
import { open } from 'node:fs/promises';

export async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
