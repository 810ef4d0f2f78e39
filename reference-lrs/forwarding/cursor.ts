// The durable state of one forwarding target: how far through the statement store's stored order it
// has got (every statement at or before `cursor` is forwarded or given up on) and its running totals.
// Written atomically (temporary file, fsync, rename, fsync of the folder) after every delivery, so a
// crash or restart resumes from the last finished delivery: at-least-once, never a silent drop.
import { mkdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileDurably } from '../durable.js';

export interface TargetState {
  cursor: number;
  forwarded: number;
  failed: number;
}

export class CursorFile {
  private constructor(readonly path: string) {}

  /** One file per target, named by a hash of its URL and username (the configuration order may change). */
  static async forTarget(folder: string, url: string, username: string): Promise<CursorFile> {
    await mkdir(folder, { recursive: true });
    const key = createHash('sha256').update(`${url}\n${username}`).digest('hex').slice(0, 20);
    return new CursorFile(join(folder, `target-${key}.json`));
  }

  /** The saved state, or undefined for a target never seen before. */
  async load(): Promise<TargetState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const value = JSON.parse(text) as Partial<TargetState>;
    const counts = [value.cursor, value.forwarded, value.failed];
    if (!counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
      throw new Error(`forwarding state file ${this.path} is damaged`);
    }
    return value as TargetState;
  }

  async save(state: TargetState): Promise<void> {
    await writeFileDurably(this.path, JSON.stringify(state));
  }
}
