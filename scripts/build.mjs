// Build: copy the requirement catalogue from ../shared into the package (so an installed tool is
// self-contained), then compile. generated/ serves runs from source (tsx), dist/generated/ the package.
import { cpSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const catalogue = join(root, '..', 'shared', 'xapi', 'requirements-1.0.3.json');

for (const dir of [join(root, 'generated'), join(root, 'dist', 'generated')]) {
  mkdirSync(dir, { recursive: true });
  cpSync(catalogue, join(dir, 'requirements-1.0.3.json'));
}
if (!process.argv.includes('--copy-only')) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
