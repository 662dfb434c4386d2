// The vocabulary every conformance module shares: what a check is, what a violation says,
// and the shape of a run's result that reporters turn into console, JSON and JUnit output.

/** Which half of the contract a check exercises (`--only`). */
export type Group = 'rest' | 'socket';

/** One broken rule, phrased so a person can act on it without reading the runner's code. */
export interface Violation {
  /** The rule of the spec that was broken, one line (e.g. "user_typing is never echoed to the typist"). */
  rule: string;
  expected: string;
  actual: string;
  /** JSON path of the first schema mismatch (e.g. `$.data.conversation_sid`), when a schema failed. */
  path?: string;
  /** The request or emitted event that caused it, as one line. */
  request?: string;
  /** What came back, abbreviated. */
  response?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  name: string;
  group: Group;
  description: string;
  status: CheckStatus;
  durationMs: number;
  violations: Violation[];
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  declaredStatuses: number[];
  seenStatuses: number[];
}

export interface EventCoverage {
  name: string;
  exercised: boolean;
}

export interface Coverage {
  operations: OperationCoverage[];
  /** Client events the runner emitted (with a payload the spec accepts or not). */
  clientEvents: EventCoverage[];
  /** Server events the runner received from the server. */
  serverEvents: EventCoverage[];
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunResult {
  target: string;
  startedAt: string;
  durationMs: number;
  /** Seed of the property-based generators; rerun with `--seed` to reproduce. */
  seed: number;
  fuzzRuns: number;
  checks: CheckResult[];
  coverage: Coverage;
  summary: RunSummary;
  /** Resources the runner created but could not remove afterwards. */
  cleanupProblems: string[];
}
