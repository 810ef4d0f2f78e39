// `npm test`'s last step: the kill matrix and the tolerance matrix side by side. The kill matrix mostly
// waits (forwarding retries, stalls), so the two together take little longer than the tolerance matrix.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const matrices = ['mutants/kill-matrix.ts', 'tolerance/tolerance-matrix.ts'];

function run(script: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

const codes = await Promise.all(matrices.map(run));
process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
