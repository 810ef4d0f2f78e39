// The check model: a check is data plus a small run(ctx) function. Every suite file exports
// `checks: Check[]` (and optionally `untestable: Untestable[]`); suites/index.ts gathers them.
import type { CheckContext } from './context.js';

export const XAPI_VERSIONS = ['1.0.3', '2.0.0'] as const;
export type XapiVersion = (typeof XAPI_VERSIONS)[number];

/** MUST checks fail; SHOULD checks (and ambiguous points) are graded warning unless --strict. */
export type Level = 'MUST' | 'SHOULD';

/** Extra things a check needs from the run; without them it is skipped with a reason. */
export type Need =
  | 'credential:read' // statements/read only
  | 'credential:mine' // statements/read/mine
  | 'credential:state' // state only
  | 'forwarding-sink';

export interface Check {
  /** Stable, unique, dotted: "<suite>.<slug>", e.g. "statements.put.conflict-409". Baselines key on it. */
  id: string;
  title: string;
  /** Suite name, e.g. "statements", "documents", "property", "forwarding". */
  suite: string;
  /** Spec part and section, e.g. "Communication 2.1.1 PUT Statements" or "Data 2.4.2.3 IFI". */
  section: string;
  /** XAPI-nnnnn ids this check verifies; empty only for behaviour with no id (2.0 rules, forwarding). */
  requirements: string[];
  /** The spec text the check enforces, quoted. */
  quote: string;
  level: Level;
  versions: readonly XapiVersion[];
  tags: string[];
  needs?: Need[];
  run(ctx: CheckContext): Promise<void>;
}

/** A requirement no black-box check can verify, with the reason (shown by `list --coverage`). */
export interface Untestable {
  requirement: string;
  reason: string;
}

export interface SuiteModule {
  checks: Check[];
  untestable?: Untestable[];
}

/** What a family of checks shares (one spec section's checks, say); members give the rest. */
export interface CheckFamily {
  /** A member's id is `${idPrefix}.${slug}`. */
  idPrefix: string;
  suite: string;
  section: string;
  tags: string[];
  /** Default MUST. */
  level?: Level;
  /** Default: both versions. */
  versions?: readonly XapiVersion[];
}

export type FamilyMember = Omit<Check, 'id' | 'suite' | 'section' | 'tags' | 'level' | 'versions'> &
  Partial<Pick<Check, 'section' | 'tags' | 'level' | 'versions'>> & { slug: string };

/** Returns a function that makes checks of the family: the member's own values win over the family's. */
export function checkFamily(family: CheckFamily): (member: FamilyMember) => Check {
  return ({ slug, section, tags, level, versions, ...rest }) => ({
    ...rest,
    id: `${family.idPrefix}.${slug}`,
    suite: family.suite,
    section: section ?? family.section,
    tags: tags ?? family.tags,
    level: level ?? family.level ?? 'MUST',
    versions: versions ?? family.versions ?? XAPI_VERSIONS,
  });
}

/** Identity helper so that check literals get full type inference. */
export function defineCheck(check: Check): Check {
  return check;
}
