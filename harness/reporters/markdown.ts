// A Markdown summary fit for $GITHUB_STEP_SUMMARY: counts, then failures with their requirement,
// then warnings / inconclusive / fixed in a collapsed list.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTCOMES, type CheckResult, type RunResult } from '../results.js';
import type { Reporter } from './index.js';

export const MARKDOWN_REPORT_FILE = 'summary.md';

const cell = (text: string) => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
const short = (text = '', max = 240) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function renderMarkdown(run: RunResult): string {
  const lines = [
    `## xapi-conform: ${run.summary.failed ? `${run.summary.failed} failed` : run.preflightError ? 'preflight failed' : 'passed'}`,
    '',
    `Target \`${run.target.endpoint}\`${run.target.embedded ? ' (embedded reference LRS)' : ''}, xAPI ${run.xapiVersions.join(', ') || '-'}, ` +
      `run \`${run.runId}\`, ${run.harness.name} ${run.harness.version}, ${(run.durationMs / 1000).toFixed(1)} s.`,
    '',
  ];
  if (run.preflightError) lines.push(`**Preflight failed:** ${cell(run.preflightError)}`, '');
  if (run.interrupted) lines.push(`**Interrupted:** ${run.notRun} checks not run.`, '');
  if (run.bailed) lines.push(`**Stopped at the first failure (--bail):** ${run.notRun} checks not run.`, '');
  if (run.targetLost) lines.push(`**Stopped:** ${cell(run.targetLost.reason)}; ${run.notRun} checks not run.`, '');
  lines.push(`| ${OUTCOMES.join(' | ')} | total |`, `|${' ---: |'.repeat(OUTCOMES.length + 1)}`);
  lines.push(`| ${OUTCOMES.map((o) => run.summary[o]).join(' | ')} | ${run.summary.total} |`, '');
  const failed = run.results.filter((r) => r.outcome === 'failed');
  if (failed.length) {
    lines.push('### Failures', '', '| Check | xAPI | Section | Requirements | What happened |', '| --- | --- | --- | --- | --- |');
    for (const r of sortBySection(failed)) {
      lines.push(`| \`${r.id}\` | ${r.xapiVersion} | ${cell(r.section)} | ${r.requirements.map((q) => q.id).join(', ') || '-'} | ${cell(short(r.message))} |`);
    }
    lines.push('');
  }
  const others = run.results.filter((r) => ['warning', 'inconclusive', 'fixed', 'expected-failure'].includes(r.outcome));
  if (others.length) {
    lines.push(`<details><summary>Warnings, inconclusive, expected failures and fixed (${others.length})</summary>`, '');
    for (const r of sortBySection(others)) {
      lines.push(`- **${r.outcome}** \`${r.id}\` [${r.xapiVersion}]: ${cell(short(r.message ?? r.baselineReason))}`);
    }
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n')}\n`;
}

function sortBySection(results: CheckResult[]): CheckResult[] {
  return [...results].sort((a, b) => a.section.localeCompare(b.section, 'en', { numeric: true }) || a.id.localeCompare(b.id));
}

export function markdownReporter(outDir: string): Reporter {
  return {
    async finish(run) {
      await mkdir(outDir, { recursive: true });
      const file = join(outDir, MARKDOWN_REPORT_FILE);
      await writeFile(file, renderMarkdown(run));
      return file;
    },
  };
}
