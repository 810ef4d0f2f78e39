// JUnit XML as GitHub (test-reporter actions), GitLab and Jenkins read it: a <testsuite> per spec
// section, a <testcase> per check and version. failed -> <failure>; skipped, inconclusive and
// expected-failure -> <skipped> with the reason; warnings and fixed pass with a note in <system-out>.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'xmlbuilder2';
import type { CheckResult, RunResult } from '../results.js';
import type { Reporter } from './index.js';
import { exchangeLine } from './console.js';

export const JUNIT_REPORT_FILE = 'junit.xml';

/** Characters XML 1.0 cannot carry (a garbage response body may contain them). */
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const clean = (text: string) => text.replace(INVALID_XML, '\uFFFD');
const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function renderJunit(run: RunResult): string {
  const bySection = new Map<string, CheckResult[]>();
  for (const r of run.results) bySection.set(r.section, [...(bySection.get(r.section) ?? []), r]);
  const count = (results: CheckResult[]) => ({
    tests: results.length,
    failures: results.filter((r) => r.outcome === 'failed').length,
    errors: 0,
    skipped: results.filter((r) => ['skipped', 'inconclusive', 'expected-failure'].includes(r.outcome)).length,
    time: seconds(results.reduce((t, r) => t + r.durationMs, 0)),
  });
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: `xapi-conform ${run.target.endpoint}`,
    ...stringify(count(run.results)),
    time: seconds(run.durationMs),
  });
  if (run.preflightError) {
    root.ele('testsuite', { name: 'preflight', tests: '1', failures: '1', errors: '0', skipped: '0', time: '0' })
      .ele('testcase', { name: 'preflight', classname: 'xapi-conform.preflight', time: '0' })
      .ele('failure', { message: clean(run.preflightError), type: 'PreflightError' }).txt(clean(run.preflightError));
  }
  if (run.targetLost) {
    root.ele('testsuite', { name: 'target', tests: '1', failures: '1', errors: '0', skipped: '0', time: '0' })
      .ele('testcase', { name: 'the target kept answering', classname: 'xapi-conform.target', time: '0' })
      .ele('failure', { message: clean(run.targetLost.reason), type: 'TargetLost' }).txt(clean(run.targetLost.reason));
  }
  const sections = [...bySection].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  for (const [section, results] of sections) {
    const suite = root.ele('testsuite', { name: clean(section), ...stringify(count(results)), timestamp: run.startedAt.replace(/\.\d+Z$/, '') });
    for (const r of results) {
      const testcase = suite.ele('testcase', {
        name: clean(`${r.id} [xAPI ${r.xapiVersion}] ${r.title}`),
        classname: clean(`xapi-conform.${r.suite}`),
        time: seconds(r.durationMs),
      });
      const message = clean(r.message ?? r.outcome);
      if (r.outcome === 'failed') testcase.ele('failure', { message, type: 'CheckFailure' }).txt(clean(failureText(r)));
      else if (r.outcome === 'skipped') testcase.ele('skipped', { message });
      else if (r.outcome === 'inconclusive') testcase.ele('skipped', { message: `inconclusive: ${message}` });
      else if (r.outcome === 'expected-failure') testcase.ele('skipped', { message: clean(`expected failure (baseline: ${r.baselineReason}): ${r.message ?? ''}`) });
      if (r.outcome === 'warning') testcase.ele('system-out').txt(clean(`WARNING (${r.level}): ${r.message ?? ''}\n${failureText(r)}`));
      if (r.outcome === 'fixed') testcase.ele('system-out').txt(clean(`FIXED: listed in the baseline (${r.baselineReason}) but passes now; remove it from the baseline.`));
    }
  }
  return root.end({ prettyPrint: true });
}

function stringify(o: Record<string, number | string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}

function failureText(r: CheckResult): string {
  const lines = [`${r.id} [xAPI ${r.xapiVersion}] ${r.title}`, `Section: ${r.section} (${r.level})`];
  for (const req of r.requirements) lines.push(`${req.id}${req.text ? `: ${req.text}` : ''}`);
  if (r.quote) lines.push(`Spec: "${r.quote}"`);
  lines.push('', r.message ?? '');
  if (r.expected !== undefined) lines.push(`expected: ${JSON.stringify(r.expected)}`);
  if (r.actual !== undefined) lines.push(`actual:   ${JSON.stringify(r.actual)}`);
  for (const note of r.notes) lines.push(`note: ${note}`);
  if (r.exchanges.length) lines.push('', 'Exchanges:');
  r.exchanges.forEach((x, i) => lines.push(`${i === r.failingExchange ? '>' : ' '} ${exchangeLine(x)}`));
  const failing = r.failingExchange === undefined ? undefined : r.exchanges[r.failingExchange];
  if (failing) {
    lines.push('', 'Reproduce:', failing.curl);
    if (failing.response?.body) lines.push('', 'Response body:', failing.response.body.slice(0, 2000));
  }
  return lines.join('\n');
}

export function junitReporter(outDir: string): Reporter {
  return {
    async finish(run) {
      await mkdir(outDir, { recursive: true });
      const file = join(outDir, JUNIT_REPORT_FILE);
      await writeFile(file, renderJunit(run));
      return file;
    },
  };
}
