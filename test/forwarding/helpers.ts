// Shared by the forwarding tests: an in-memory statement log and bounded polling.
import type { StatementLog, StoredStatement } from '../../reference-lrs/forwarding/index.js';
import { randomUUID } from 'node:crypto';

export class MemoryLog implements StatementLog {
  readonly stored: StoredStatement[] = [];

  /** Appends statements as one write and returns the position of its last statement. */
  write(statements: Array<Record<string, unknown>>): number {
    for (const statement of statements) this.stored.push({ position: this.stored.length + 1, statement });
    return this.stored.length;
  }

  async readAfter(position: number, limit: number): Promise<StoredStatement[]> {
    return this.stored.filter((s) => s.position > position).slice(0, limit);
  }

  async lastPosition(): Promise<number> {
    return this.stored.length;
  }
}

export function statement(name = 'thing', version = '1.0.0'): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', mbox: 'mailto:forwarding-test@example.com', name: 'Forwarding Tést ✓' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: `https://xapi-conform.example/test/${name}` },
    result: { score: { scaled: 0.5 }, extensions: { 'https://example.com/ext': { nested: [1, 2, null] } } },
    stored: '2026-11-22T19:00:00.000Z',
    timestamp: '2026-11-22T19:00:00.000Z',
    authority: { objectType: 'Agent', account: { homePage: 'https://example.com', name: 'lrs' } },
    version,
  };
}

/** Polls `probe` until it returns a value other than undefined/false, for at most `budgetMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, budgetMs = 10_000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function idsOf(deliveries: Array<{ statements: unknown[] }>): string[] {
  return deliveries.flatMap((d) => d.statements.map((s) => (s as { id: string }).id));
}
