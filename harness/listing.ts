// `run --list` and `list`: the checks a selection would run, one per line.
import type { Check, XapiVersion } from './check.js';

export function listChecks(checks: Check[], version?: XapiVersion | 'both'): string {
  const shown = version && version !== 'both' ? checks.filter((c) => c.versions.includes(version)) : checks;
  const lines = shown.map((c) => `${c.id}  [${c.versions.join(', ')}]  ${c.level}  ${c.section}  ${c.title}`);
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${shown.length} checks\n`;
}
