// Statement-related requirements no black-box check can verify, with the reason.
import type { Check, Untestable } from '../../harness/check.js';

export const checks: Check[] = [];

export const untestable: Untestable[] = [
  {
    requirement: 'XAPI-00137',
    reason:
      'MIME-Version is a mail header (RFC 2045); HTTP does not use it (RFC 7231 A.1: "HTTP is not a MIME-compliant protocol"), and the spec text of 1.5.2 never requires it, so no LRS can be failed for accepting a request without it.',
  },
  {
    requirement: 'XAPI-00329',
    reason: 'Answering 500 for "network/server issues" needs a fault inside the target; a black-box client cannot cause one on purpose.',
  },
  {
    requirement: 'XAPI-00323',
    reason: 'That an LRS uses no error code outside the specification can only be sampled, not proven; every check already fails on an unexpected status.',
  },
];
