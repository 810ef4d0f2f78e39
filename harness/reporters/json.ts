// The JSON report: the RunResult as run() returns it (schema: report.schema.json beside this file).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from './index.js';
import reportSchema from './report.schema.json' with { type: 'json' };

/** The JSON Schema (draft-07) of the report; shipped as dist/harness/reporters/report.schema.json. */
export const REPORT_SCHEMA: object = reportSchema;

export const JSON_REPORT_FILE = 'xapi-conform.json';

export function jsonReporter(outDir: string): Reporter {
  return {
    async finish(run) {
      await mkdir(outDir, { recursive: true });
      const file = join(outDir, JSON_REPORT_FILE);
      await writeFile(file, `${JSON.stringify(run, null, 2)}\n`);
      return file;
    },
  };
}
