// `list --coverage`: for every XAPI id in the requirements catalogue, the checks that verify it, or
// the reason no black-box check can, or nothing (missing).
import type { Check, Untestable } from './check.js';
import { requirementCatalogue } from './requirements.js';

export interface RequirementCoverage {
  id: string;
  section: string;
  text: string;
  status: 'covered' | 'untestable' | 'missing';
  checks: string[];
  reason?: string;
}

export interface Coverage {
  total: number;
  covered: number;
  untestable: number;
  missing: number;
  requirements: RequirementCoverage[];
  /** Ids named by checks or untestable entries that the catalogue does not list. */
  unknownIds: string[];
}

export function coverage(checks: Check[], untestable: Untestable[]): Coverage {
  const catalogue = requirementCatalogue();
  const requirements = [...catalogue.values()].map((req): RequirementCoverage => {
    const covering = [...new Set(checks.filter((c) => c.requirements.includes(req.id)).map((c) => c.id))].sort();
    const reason = untestable.find((u) => u.requirement === req.id)?.reason;
    const status = covering.length ? 'covered' : reason ? 'untestable' : 'missing';
    return { id: req.id, section: req.section, text: req.text, status, checks: covering, ...(reason && !covering.length ? { reason } : {}) };
  });
  const named = [...checks.flatMap((c) => c.requirements), ...untestable.map((u) => u.requirement)];
  const count = (s: RequirementCoverage['status']) => requirements.filter((r) => r.status === s).length;
  return {
    total: requirements.length,
    covered: count('covered'),
    untestable: count('untestable'),
    missing: count('missing'),
    requirements,
    unknownIds: [...new Set(named.filter((id) => !catalogue.has(id)))].sort(),
  };
}

export function renderCoverage(c: Coverage): string {
  const lines = c.requirements.map((r) => {
    const what = r.status === 'covered' ? r.checks.join(', ') : r.status === 'untestable' ? r.reason : r.text;
    return `${r.id}  ${r.status.toUpperCase().padEnd(10)}  ${what}`;
  });
  if (c.unknownIds.length) lines.push('', `Ids not in the catalogue (typos?): ${c.unknownIds.join(', ')}`);
  lines.push(
    '',
    `${c.total} requirements: ${c.covered} covered, ${c.untestable} untestable (with a reason), ${c.missing} missing`,
  );
  return `${lines.join('\n')}\n`;
}
