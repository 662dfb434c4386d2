// The interface every output format implements: progress as checks finish, the full
// result at the end.
import type { CheckResult, RunResult } from '../types.ts';

export interface Reporter {
  onStart?(target: string): void;
  onCheckEnd?(result: CheckResult): void;
  onRunEnd(result: RunResult): void | Promise<void>;
}
