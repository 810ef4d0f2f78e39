// Builds the reporters named by --reporter: file reporters first, console last (its summary lists the files).
import type { Reporter } from './index.js';
import { consoleReporter, type ConsoleOptions } from './console.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';

export function createReporters(names: string[], outDir: string, consoleOptions: ConsoleOptions): Reporter[] {
  const reporters: Reporter[] = [];
  if (names.includes('json')) reporters.push(jsonReporter(outDir));
  if (names.includes('junit')) reporters.push(junitReporter(outDir));
  if (names.includes('markdown')) reporters.push(markdownReporter(outDir));
  if (names.includes('console')) reporters.push(consoleReporter(consoleOptions));
  return reporters;
}
