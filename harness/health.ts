// The circuit breaker of a run: when requests go unanswered (connection refused or reset, no response
// within --timeout) so many times in a row that the target has plainly gone away or hangs, the run
// stops with one line instead of failing every remaining check after a timeout each.
export type Unanswered = 'connection' | 'timeout';

export interface TargetLost {
  /** ISO time the breaker opened. */
  at: string;
  /** Checks finished before it opened. */
  afterChecks: number;
  reason: string;
}

export class TargetHealth {
  private inARow = 0;
  private lastKinds = new Set<Unanswered>();
  private lost: TargetLost | undefined;

  /** `threshold` 0 never opens. */
  constructor(
    private readonly threshold: number,
    private readonly finishedChecks: () => number,
    private readonly onLost: (lost: TargetLost) => void,
    private readonly onAnswer: () => void = () => {},
  ) {}

  get targetLost(): TargetLost | undefined {
    return this.lost;
  }

  answered(): void {
    this.inARow = 0;
    this.lastKinds.clear();
    this.onAnswer();
  }

  unanswered(kind: Unanswered): void {
    if (this.lost) return;
    this.inARow += 1;
    this.lastKinds.add(kind);
    if (this.threshold === 0 || this.inARow < this.threshold) return;
    const how = this.lastKinds.has('connection') ? 'went away' : 'stopped answering';
    const what = [...this.lastKinds].map((k) => (k === 'connection' ? 'connection refused or reset' : 'no response within --timeout')).join(' / ');
    const at = new Date().toISOString();
    const afterChecks = this.finishedChecks();
    this.lost = { at, afterChecks, reason: `the target ${how} at ${at} after ${afterChecks} checks: ${this.inARow} requests in a row got no answer (${what}; --max-unanswered ${this.threshold})` };
    this.onLost(this.lost);
  }
}
