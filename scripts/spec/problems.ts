// The one problem shape every spec check reports, and its one-line rendering
// `file:line:col severity message (rule)`, so all linters read the same in a terminal or CI log.
import path from 'node:path';

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  severity: Severity;
  message: string;
  rule: string;
}

export function formatProblem(problem: Problem, cwd = process.cwd()): string {
  const file = path.relative(cwd, problem.file) || problem.file;
  // One problem, one line: multi-line messages from tools would break grep and editors.
  const message = problem.message.replace(/\s*\n\s*/g, ' ').trim();
  return `${file}:${problem.line}:${problem.col} ${problem.severity} ${message} (${problem.rule})`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorted by file and position, exact repeats dropped (shared files are reached from both docs). */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique: Problem[] = [];
  for (const problem of problems) {
    const key = formatProblem(problem, '/');
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(problem);
  }
  return unique.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.message.localeCompare(b.message),
  );
}

export function countBySeverity(problems: readonly Problem[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const problem of problems) counts[problem.severity] += 1;
  return counts;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `spec:lint: 0 errors, 2 warnings in 2 documents` (infos are shown but never counted). */
export function summaryLine(problems: readonly Problem[], documents: number): string {
  const counts = countBySeverity(problems);
  return `spec:lint: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')} in ${plural(documents, 'document')}`;
}
