// Machine-readable output: the whole RunResult (checks, violations, coverage, duration) as
// one JSON document, for dashboards and for diffing two runs.
import type { RunResult } from '../types.ts';

export function toJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
