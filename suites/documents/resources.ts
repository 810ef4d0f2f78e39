// Communication 2.0: "The LRS MUST support all of the resources described in this section." One
// presence check per resource (harness/resources.ts); when it fails, the resource's other checks are skipped.
import type { Check, Untestable } from '../../harness/check.js';
import { presenceChecks } from '../../harness/resources.js';

export const checks: Check[] = presenceChecks;

export const untestable: Untestable[] = [];
