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
  /**
   * Root cause: violations with the same key are one finding (same rule, same
   * operation/event, same expected-vs-actual shape). Derived from the text when absent.
   */
  key?: string;
  /** The finding's headline when it differs from the rule (e.g. spans several operations). */
  title?: string;
  /** The operationId or event name the violation is about. */
  subject?: string;
  /** A copy-paste reproduction: a `curl` line, or a minimal socket.io-client script. */
  reproduce?: string;
  /** Recorded while a fixture step set the check up: the check's own rule still held. */
  incidental?: boolean;
  /** How many times the check met this same violation (1 when absent). */
  count?: number;
}

/**
 * `blocked`: a fixture step could not give the check what it needs (see `blockedBy`);
 * `not-run`: the server had stopped answering; `skipped`: after `--bail`.
 */
export type CheckStatus = 'passed' | 'failed' | 'blocked' | 'not-run' | 'skipped';

export interface Blocker {
  /** The step that could not go on, e.g. `POST …/create`. */
  step: string;
  /** Id of the finding that stopped it (e.g. `F2`). */
  finding: string;
}

export interface CheckResult {
  name: string;
  group: Group;
  description: string;
  status: CheckStatus;
  durationMs: number;
  violations: Violation[];
  /** Ids of the findings this check met (its own and its fixtures'). */
  findings: string[];
  blockedBy?: Blocker;
  /** Why a check was skipped (e.g. the server does not advertise the capability it needs). */
  note?: string;
}

/** One root cause, however many checks, operations and requests it showed up in. */
export interface Finding {
  /** `F1`, `F2`, … in report order (most widespread first). */
  id: string;
  key: string;
  title: string;
  rule: string;
  /** Operations / events it concerns. */
  subjects: string[];
  /** Checks it was seen in. */
  checks: string[];
  /** Checks it stopped (a fixture could not go on). */
  blocked: string[];
  occurrences: number;
  example: Violation;
  /** A `curl` line or socket.io-client script that reproduces it. */
  reproduce?: string;
  /** Fuzz targets that found only this (already known) finding. */
  alsoFoundBy?: string[];
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
  blocked: number;
  notRun: number;
  skipped: number;
  findings: number;
}

/** The server stopped answering during the run. */
export interface Crash {
  /** The last request or emit before it stopped. */
  after: string;
  /** The check that was running. */
  check: string;
  /** Whether it came back (`--continue-after-crash`). */
  recovered: boolean;
}

export interface RunResult {
  target: string;
  /** `--spec`: the folder or URL the contract was read from (absent: the built-in one). */
  contract?: string;
  startedAt: string;
  durationMs: number;
  /** Seed of the property-based generators; rerun with `--seed` to reproduce. */
  seed: number;
  fuzzRuns: number;
  /** Root causes, most widespread first; the checks refer to them by id. */
  findings: Finding[];
  checks: CheckResult[];
  coverage: Coverage;
  crash?: Crash;
  summary: RunSummary;
  /** Resources the runner created but could not remove afterwards. */
  cleanupProblems: string[];
}
