// Signals a check throws to end itself with a verdict other than "passed".

export interface Mismatch {
  expected?: unknown;
  actual?: unknown;
}

/** The target broke the rule the check verifies. Graded "warning" for SHOULD checks unless --strict. */
export class CheckFailure extends Error {
  readonly expected?: unknown;
  readonly actual?: unknown;
  constructor(message: string, mismatch: Mismatch = {}) {
    super(message);
    this.name = 'CheckFailure';
    this.expected = mismatch.expected;
    this.actual = mismatch.actual;
  }
}

/** The target's consistency window never caught up within the budget: not a failure. */
export class Inconclusive extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Inconclusive';
  }
}

/** The check does not apply (version, capability, credentials not given). */
export class Skip extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Skip';
  }
}
