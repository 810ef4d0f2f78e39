// Console output: a live progress line on a TTY (plain lines otherwise), then failures grouped by spec
// section with the requirement text, expected vs actual, the exchanges and a curl line; then a summary.
import type { Exchange } from '../context.js';
import type { CheckResult, Outcome, RunResult } from '../results.js';
import type { Reporter } from './index.js';

const LABEL: Record<Outcome, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  warning: 'WARN',
  inconclusive: 'INCONCLUSIVE',
  skipped: 'SKIP',
  'expected-failure': 'XFAIL',
  fixed: 'FIXED',
};

export interface ConsoleOptions {
  write: (text: string) => void;
  tty: boolean;
  color: boolean;
  /** Terminal width; the progress line must fit in it (a wrapped line cannot be redrawn). */
  columns?: number;
}

export function consoleReporter(options: ConsoleOptions): Reporter {
  const { write, tty } = options;
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const counts: Record<string, number> = {};
  let total = 0;
  let done = 0;
  let startedAt = 0;
  let lastDraw = 0;

  function progressLine(): string {
    const elapsed = performance.now() - startedAt;
    const eta = done ? Math.round(((elapsed / done) * (total - done)) / 1000) : undefined;
    const c = (o: Outcome) => counts[o] ?? 0;
    if ((options.columns ?? 120) < 110) {
      const xfail = c('expected-failure') ? ` xfail ${c('expected-failure')}` : '';
      const plain = `${done}/${total} pass ${c('passed')} fail ${c('failed')} warn ${c('warning')} inc ${c('inconclusive')} skip ${c('skipped')}${xfail}${eta === undefined ? '' : ` ETA ${eta}s`}`;
      return plain.slice(0, Math.max(10, (options.columns ?? 80) - 1));
    }
    return (
      `  ${done}/${total}  ${paint('32', `passed ${c('passed')}`)}  ${paint('31', `failed ${c('failed')}`)}  ` +
      `${paint('33', `warning ${c('warning')}`)}  inconclusive ${c('inconclusive')}  skipped ${c('skipped')}` +
      (c('expected-failure') ? `  expected-failure ${c('expected-failure')}` : '') +
      (eta === undefined ? '' : `  ETA ${eta}s`)
    );
  }

  return {
    start(info) {
      total = info.total;
      startedAt = performance.now();
      write(`xapi-conform: ${info.total} checks against ${info.target} (xAPI ${info.xapiVersions.join(', ')}), run ${info.runId}\n`);
    },
    result(r) {
      done += 1;
      counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw > 80 || done === total) {
          lastDraw = now;
          write(`\r\x1b[2K${progressLine()}`);
        }
      } else {
        const why = r.outcome === 'passed' || !r.message ? '' : ` — ${firstLine(r.message)}`;
        write(`${LABEL[r.outcome].padEnd(12)} ${r.id} [${r.xapiVersion}] ${r.durationMs} ms${why}\n`);
      }
    },
    notice(text) {
      write(`${tty ? '\r\x1b[2K' : ''}xapi-conform: ${text}\n`);
    },
    async finish(run, files) {
      if (tty && done) write('\r\x1b[2K');
      if (run.preflightError) {
        write(`xapi-conform: preflight failed: ${run.preflightError}\n`);
        return undefined;
      }
      write(renderDetails(run, paint));
      write(renderSummary(run));
      if (files.length) write(`Reports: ${files.join(', ')}\n`);
      return undefined;
    },
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function renderDetails(run: RunResult, paint: (code: string, text: string) => string): string {
  const failures = run.results.filter((r) => r.outcome === 'failed');
  const lines: string[] = [];
  if (failures.length) {
    lines.push('', paint('1', `Failures (${failures.length}), by spec section:`));
    const bySection = new Map<string, CheckResult[]>();
    for (const r of failures) bySection.set(r.section, [...(bySection.get(r.section) ?? []), r]);
    for (const [section, results] of [...bySection].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      lines.push('', paint('1', `== ${section}`));
      for (const r of results) lines.push(...renderFailure(r, paint));
    }
  }
  const others = run.results.filter((r) => ['warning', 'inconclusive', 'fixed'].includes(r.outcome));
  if (others.length) {
    lines.push('', paint('1', 'Warnings, inconclusive and fixed:'));
    for (const r of others) {
      lines.push(`  ${LABEL[r.outcome]} ${r.id} [${r.xapiVersion}]: ${firstLine(r.message ?? r.baselineReason ?? '')}`);
      for (const w of r.warnings) if (w.quote) lines.push(`    Spec: "${w.quote}"`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function renderFailure(r: CheckResult, paint: (code: string, text: string) => string): string[] {
  const lines = ['', `  ${paint('31', 'FAIL')} ${r.id} [xAPI ${r.xapiVersion}] ${r.title}`];
  for (const req of r.requirements) lines.push(`    ${req.id}${req.text ? `: ${req.text}` : ''}`);
  if (r.quote) lines.push(`    Spec: "${r.quote}"`);
  lines.push(`    ${r.message ?? 'failed'}`);
  if (r.expected !== undefined) lines.push(`    expected: ${compact(r.expected)}`);
  if (r.actual !== undefined) lines.push(`    actual:   ${compact(r.actual)}`);
  for (const note of r.notes) lines.push(`    note: ${note}`);
  r.exchanges.forEach((x, i) => lines.push(`    ${i === r.failingExchange ? '>' : ' '} ${exchangeLine(x)}`));
  const failing = r.failingExchange === undefined ? undefined : r.exchanges[r.failingExchange];
  if (failing) lines.push(`    reproduce: ${failing.curl}`);
  return lines;
}

export function exchangeLine(x: Exchange): string {
  const outcome = x.error ? `error: ${x.error}` : `${x.response?.status} (${x.response?.bodyBytes ?? 0} bytes)`;
  return `${x.request.method} ${x.request.url} -> ${outcome} in ${x.durationMs} ms`;
}

function compact(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function renderSummary(run: RunResult): string {
  const s = run.summary;
  const parts = (['passed', 'failed', 'warning', 'inconclusive', 'skipped', 'expected-failure', 'fixed'] as const)
    .filter((o) => s[o] > 0 || o === 'passed' || o === 'failed')
    .map((o) => `${s[o]} ${o}`);
  const lines = ['', `Summary: ${s.total} results: ${parts.join(', ')} in ${(run.durationMs / 1000).toFixed(1)} s`];
  if (run.interrupted) lines.push(`Interrupted: ${run.notRun} checks not run.`);
  if (run.bailed) lines.push(`Stopped at the first failure (--bail): ${run.notRun} checks not run.`);
  if (run.targetLost) lines.push(`Stopped at ${run.targetLost.at}: the target was lost (exit 4); ${run.notRun} checks not run.`);
  if (run.cleanup) {
    lines.push(`Cleanup: ${run.cleanup.statementsVoided} statements voided, ${run.cleanup.documentsDeleted} documents deleted` +
      (run.cleanup.errors.length ? `, ${run.cleanup.errors.length} errors` : ''));
  }
  return `${lines.join('\n')}\n`;
}
