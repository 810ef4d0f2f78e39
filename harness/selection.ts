// Which checks run: --suite --section --requirement --grep --tag narrow (AND across options, OR within
// one option), --exclude removes, --shard i/n keeps a deterministic partition by check id.
import { createHash } from 'node:crypto';
import type { Check } from './check.js';
import { UsageError, type Selection } from './options.js';

/** Section numbers in a section title: "Communication 2.1.3 GET Statements" -> ["2.1.3"]. */
function sectionNumbers(section: string): string[] {
  return section.match(/\d+(?:\.\d+)*/g) ?? [];
}

function matchesSection(check: Check, wanted: string): boolean {
  const w = wanted.replace(/\.$/, '');
  if (/^\d+(\.\d+)*$/.test(w)) return sectionNumbers(check.section).some((n) => n === w || n.startsWith(`${w}.`));
  return check.section.toLowerCase().includes(w.toLowerCase());
}

/** --exclude: an exact check id, an id prefix ending in ".", a dotted id prefix, a suite, or a tag. */
function matchesExclude(check: Check, pattern: string): boolean {
  return (
    check.id === pattern ||
    check.id.startsWith(pattern.endsWith('.') ? pattern : `${pattern}.`) ||
    check.suite === pattern ||
    check.tags.includes(pattern)
  );
}

export function shardOf(checkId: string, count: number): number {
  const hash = createHash('sha1').update(checkId).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

/** Like selectChecks, but a selection that matches nothing is a usage error (a typo in CI must not pass silently). */
export function selectSome(checks: Check[], s: Selection): Check[] {
  const selected = selectChecks(checks, s);
  const given = s.suite.length || s.section.length || s.requirement.length || s.grep.length || s.tag.length || s.exclude.length;
  if (checks.length && !selected.length && given) {
    const suites = [...new Set(checks.map((c) => c.suite))].sort().join(', ');
    throw new UsageError(`no check matches the selection (--suite/--section/--requirement/--grep/--tag/--exclude); suites are: ${suites}`);
  }
  return selected;
}

export function selectChecks(checks: Check[], s: Selection): Check[] {
  return checks.filter(
    (c) =>
      (!s.suite.length || s.suite.includes(c.suite)) &&
      (!s.section.length || s.section.some((w) => matchesSection(c, w))) &&
      (!s.requirement.length || c.requirements.some((r) => s.requirement.includes(r))) &&
      (!s.grep.length || s.grep.some((g) => g.test(c.id) || g.test(c.title))) &&
      (!s.tag.length || c.tags.some((t) => s.tag.includes(t))) &&
      !s.exclude.some((p) => matchesExclude(c, p)) &&
      (!s.shard || shardOf(c.id, s.shard.count) === s.shard.index),
  );
}
