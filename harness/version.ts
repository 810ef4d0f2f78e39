// The harness's own name and version, from package.json (one level up from source, two from dist).
import { existsSync, readFileSync } from 'node:fs';

let cached: { name: string; version: string } | undefined;

export function harnessInfo(): { name: string; version: string } {
  if (!cached) {
    for (const relative of ['../package.json', '../../package.json']) {
      const url = new URL(relative, import.meta.url);
      if (!existsSync(url)) continue;
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'xapi-conform') {
        cached = { name: pkg.name, version: pkg.version ?? '0.0.0' };
        break;
      }
    }
    cached ??= { name: 'xapi-conform', version: '0.0.0' };
  }
  return cached;
}
