// Reporters: console output while the run goes, files in --out at the end.
import type { CheckResult, RunResult } from '../results.js';

export interface RunStartInfo {
  total: number;
  target: string;
  runId: string;
  xapiVersions: string[];
}

export interface Reporter {
  start?(info: RunStartInfo): void;
  result?(result: CheckResult): void;
  /** A line about the run itself (the target went away), shown as it happens. */
  notice?(text: string): void;
  /** Writes the report; returns the path of the file written, if any. */
  finish(run: RunResult, files: string[]): Promise<string | undefined>;
}
