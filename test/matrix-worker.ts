// The kill and tolerance matrices run the suites in worker processes: one per share of the work, each
// printing one JSON line per outcome on stdout.
import { spawn } from 'node:child_process';

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
