// What the kill and tolerance matrices share: worker processes (one per share of the work, each printing
// one JSON line per outcome on stdout) and what counts as a complete run.
import { spawn } from 'node:child_process';
import type { RunResult } from '../harness/results.js';

/** Why a run did not judge every check (then it proves nothing about the LRS), or undefined. */
export function incompleteRun(result: RunResult): string | undefined {
  if (result.preflightError) return `preflight: ${result.preflightError}`;
  if (result.targetLost) return result.targetLost.reason;
  if (result.interrupted) return 'interrupted';
  if (result.notRun > 0) return `${result.notRun} checks not run`;
  return undefined;
}

export function runWorker<T>(worker: string, share: string[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    // On loopback a forwarded statement arrives in milliseconds: 20 s (not 60) bounds the dropped-forward cases.
    const env = { ...process.env, XAPI_CONFORM_FORWARDING_WAIT_MS: process.env.XAPI_CONFORM_FORWARDING_WAIT_MS ?? '20000' };
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...share], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${worker} exited with ${code}`));
      else resolve(out.split('\n').filter(Boolean).map((line) => JSON.parse(line) as T));
    });
  });
}
