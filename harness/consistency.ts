// Eventual consistency without the local clock: the target's own Date header on each successful write
// marks when the check's data went in; X-Experience-API-Consistent-Through on statement responses says
// how far the target is consistent. ctx.eventually() polls until the attempt passes or the budget is spent.
import { CheckFailure, Inconclusive } from './signals.js';
import type { XapiResponse } from './context.js';

/** Parses an ISO 8601 / HTTP date to epoch ms, tolerating more than 3 fractional digits. */
export function parseTargetTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const trimmed = text.trim().replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

export class ConsistencyTracker {
  /** Latest target time (ms) at which this check's writes are certainly stored. */
  private writtenBy?: number;
  /** Highest Consistent-Through seen, and when in the attempt sequence. */
  private consistentThrough?: number;

  observe(method: string, res: XapiResponse): void {
    const through = parseTargetTime(res.headers['x-experience-api-consistent-through']);
    if (through !== undefined) this.consistentThrough = Math.max(this.consistentThrough ?? through, through);
    if (method === 'GET' || method === 'HEAD' || res.status < 200 || res.status >= 300) return;
    // Consistent-Through speaks of statements only: document writes do not set the mark.
    if (!new URL(res.exchange.request.url).pathname.endsWith('/statements')) return;
    // Date has one-second resolution: the write is stored before the end of that second.
    const date = parseTargetTime(res.headers['date']);
    if (date !== undefined) this.writtenBy = Math.max(this.writtenBy ?? 0, date + 999);
  }

  /** undefined when nothing tells (no writes or no header); otherwise whether the target caught up. */
  caughtUp(): boolean | undefined {
    if (this.writtenBy === undefined || this.consistentThrough === undefined) return undefined;
    return this.consistentThrough >= this.writtenBy;
  }

  describe(): string {
    const iso = (ms?: number) => (ms === undefined ? 'never seen' : new Date(ms).toISOString());
    return `writes stored by ${iso(this.writtenBy)} (target's Date), X-Experience-API-Consistent-Through reached ${iso(this.consistentThrough)}`;
  }
}

export interface EventuallyOptions {
  budgetMs: number;
  signal: AbortSignal;
  tracker: ConsistencyTracker;
}

/**
 * Re-runs `attempt` while it throws CheckFailure. Stops early when the target reports it is consistent
 * past the check's writes (the failure is then real). When the budget runs out while the target never
 * caught up, the check is Inconclusive rather than failed.
 */
export async function eventually<T>(attempt: () => Promise<T>, options: EventuallyOptions): Promise<T> {
  const deadline = performance.now() + options.budgetMs;
  let delay = 25;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof CheckFailure)) throw err;
      const caughtUp = options.tracker.caughtUp();
      if (caughtUp === true) throw err;
      if (performance.now() + delay > deadline || options.signal.aborted) {
        if (caughtUp === false) {
          throw new Inconclusive(
            `the target never became consistent within ${options.budgetMs} ms (--consistency-budget): ${options.tracker.describe()}; last attempt: ${err.message}`,
          );
        }
        throw err;
      }
      await pause(delay, options.signal);
      delay = Math.min(delay * 2, 1000);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
