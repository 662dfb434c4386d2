// Human-readable output: a progress mark per check as it finishes, then the findings (one
// per root cause, most widespread first: how far it reaches, one example, a reproduction),
// then the checks that did not pass (naming their findings, what blocked them), then spec
// coverage, totals and the duration.
import type { CheckResult, Coverage, Finding, RunResult, Violation } from '../types.ts';
import type { Reporter } from './reporter.ts';

export interface ConsoleOptions {
  /** ANSI colours (a terminal, unless NO_COLOR is set). */
  color: boolean;
  write: (text: string) => void;
}

export type Paint = (code: number, text: string) => string;

export function painter(color: boolean): Paint {
  return (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const MARKS: Record<CheckResult['status'], [string, number]> = {
  passed: ['.', 32],
  failed: ['F', 31],
  blocked: ['B', 33],
  'not-run': ['-', 90],
  skipped: ['s', 90],
};

export function formatCheckLine(result: CheckResult, paint: Paint): string {
  const mark =
    result.status === 'passed'
      ? paint(32, '✓')
      : result.status === 'failed'
        ? paint(31, '✗')
        : result.status === 'blocked'
          ? paint(33, '⊘')
          : paint(90, '-');
  const ids = result.findings.length ? ` ${result.findings.join(' ')}` : '';
  const extra =
    result.status === 'failed'
      ? paint(31, ` →${ids}`)
      : result.status === 'blocked'
        ? paint(
            33,
            ` blocked at ${result.blockedBy?.step ?? '?'} by ${result.blockedBy?.finding || '?'}`,
          )
        : result.status === 'passed' && ids
          ? paint(90, ` (setup met${ids})`)
          : result.status === 'not-run'
            ? paint(90, ' not run')
            : result.status === 'skipped'
              ? paint(90, ' skipped')
              : '';
  return `  ${mark} ${result.name} ${paint(90, seconds(result.durationMs))}${extra}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

export function formatFinding(f: Finding, paint: Paint): string {
  const pad = '       ';
  const reach = [
    f.subjects.length > 1
      ? `${plural(f.subjects.length, f.subjects.every((x) => /^[a-z]+(_[a-z]+)*$/.test(x)) ? 'event' : 'operation')} (${f.subjects.slice(0, 6).join(', ')}${f.subjects.length > 6 ? ', …' : ''})`
      : f.subjects[0],
    `seen in ${plural(f.checks.length, 'check')}`,
    plural(f.occurrences, 'time'),
    f.blocked.length ? paint(33, `blocked ${plural(f.blocked.length, 'check')}`) : undefined,
  ].filter(Boolean);
  const v = f.example;
  const lines = [`  ${paint(31, f.id)} ${paint(1, f.title)}`, `${pad}${reach.join(' · ')}`];
  if (f.title !== f.rule) lines.push(`${pad}rule:     ${f.rule}`);
  lines.push(`${pad}expected: ${v.expected}`);
  lines.push(`${pad}actual:   ${paint(31, v.actual)}`);
  if (v.path) lines.push(`${pad}at:       ${v.path}`);
  if (v.request) lines.push(`${pad}example:  ${v.request}`);
  if (v.response) lines.push(`${pad}response: ${v.response}`);
  if (f.alsoFoundBy?.length) {
    lines.push(paint(90, `${pad}fuzzing re-found it: ${f.alsoFoundBy.join(', ')}`));
  }
  if (f.reproduce) {
    lines.push(`${pad}reproduce:`);
    lines.push(paint(90, indent(f.reproduce, `${pad}  `)));
  }
  return lines.join('\n');
}

/** Progress: one mark per check, 60 to a line. */
export function formatProgress(result: CheckResult, index: number, paint: Paint): string {
  const [mark, code] = MARKS[result.status];
  return `${index % 60 === 0 ? (index === 0 ? '  ' : '\n  ') : ''}${paint(code, mark)}`;
}

export function formatViolation(v: Violation, index: number, paint: Paint): string {
  const pad = '       ';
  const lines = [`    ${index}) ${paint(1, v.rule)}`];
  lines.push(`${pad}expected: ${v.expected}`);
  lines.push(`${pad}actual:   ${paint(31, v.actual)}`);
  if (v.path) lines.push(`${pad}at:       ${v.path}`);
  if (v.request) lines.push(`${pad}request:  ${v.request}`);
  if (v.response) lines.push(`${pad}response: ${v.response}`);
  return lines.join('\n');
}

export function formatCoverage(coverage: Coverage, paint: Paint): string {
  const ops = coverage.operations;
  const exercised = ops.filter((o) => o.seenStatuses.length > 0);
  const declared = ops.reduce((n, o) => n + o.declaredStatuses.length, 0);
  const seen = ops.reduce(
    (n, o) => n + o.seenStatuses.filter((s) => o.declaredStatuses.includes(s)).length,
    0,
  );
  const emitted = coverage.clientEvents.filter((e) => e.exercised);
  const received = coverage.serverEvents.filter((e) => e.exercised);
  const lines = [
    paint(1, 'Coverage'),
    `  operations     ${exercised.length}/${ops.length} exercised`,
    `  status codes   ${seen}/${declared} declared statuses seen`,
    `  client events  ${emitted.length}/${coverage.clientEvents.length} emitted`,
    `  server events  ${received.length}/${coverage.serverEvents.length} received`,
  ];
  const missingOps = ops.filter((o) => o.seenStatuses.length === 0).map((o) => o.operationId);
  if (missingOps.length) lines.push(paint(33, `  not exercised: ${missingOps.join(', ')}`));
  const missingEvents = [
    ...coverage.clientEvents.filter((e) => !e.exercised).map((e) => `${e.name} (client)`),
    ...coverage.serverEvents.filter((e) => !e.exercised).map((e) => `${e.name} (server)`),
  ];
  if (missingEvents.length) lines.push(paint(33, `  events not seen: ${missingEvents.join(', ')}`));
  if (exercised.length > 0) {
    lines.push('  statuses per operation (seen · not seen):');
    const width = Math.max(...ops.map((o) => o.operationId.length));
    for (const o of ops) {
      const notSeen = o.declaredStatuses.filter((s) => !o.seenStatuses.includes(s));
      const undeclared = o.seenStatuses.filter((s) => !o.declaredStatuses.includes(s));
      const tail = undeclared.length ? paint(31, ` · undeclared ${undeclared.join(' ')}`) : '';
      lines.push(
        `    ${o.operationId.padEnd(width)}  ${o.seenStatuses.filter((s) => o.declaredStatuses.includes(s)).join(' ') || '-'}${paint(90, ` · ${notSeen.join(' ') || '-'}`)}${tail}`,
      );
    }
  }
  return lines.join('\n');
}

export function formatSummary(result: RunResult, paint: Paint): string {
  const { total, passed, failed, blocked, notRun, skipped, findings } = result.summary;
  const clean = findings === 0 && failed === 0 && blocked === 0 && notRun === 0;
  const verdict = clean ? paint(32, 'PASS') : paint(31, 'FAIL');
  const parts = [
    paint(32, `${passed} passed`),
    failed ? paint(31, `${failed} failed`) : '0 failed',
    ...(blocked ? [paint(33, `${blocked} blocked`)] : []),
    ...(notRun ? [paint(90, `${notRun} not run`)] : []),
    ...(skipped ? [`${skipped} skipped`] : []),
  ];
  return `${verdict} ${plural(findings, 'finding')} · ${plural(total, 'check')}: ${parts.join(', ')} — ${seconds(result.durationMs)} (seed ${result.seed}${
    result.fuzzRuns ? `, ${result.fuzzRuns} fuzz inputs per target` : ''
  })`;
}

/** Findings as one line each, then the totals: what every run prints, whatever reporters. */
export function formatBrief(result: RunResult, paint: Paint): string {
  const lines = result.findings.map(
    (f) => `  ${paint(31, f.id)} ${f.title} (${plural(f.checks.length, 'check')})`,
  );
  if (result.crash) {
    lines.push(paint(31, `  the server stopped answering during ${result.crash.check}`));
  }
  lines.push(formatSummary(result, paint));
  return `${lines.join('\n')}\n`;
}

/** The end-of-run report: findings first, then the checks that did not pass, coverage, totals. */
export function formatReport(result: RunResult, paint: Paint): string {
  const out: string[] = [''];
  if (result.findings.length) {
    out.push(paint(1, `Findings (${result.findings.length}), most widespread first`));
    for (const f of result.findings) out.push(formatFinding(f, paint));
    out.push('');
  }
  const notPassed = result.checks.filter((c) => c.status === 'failed' || c.status === 'blocked');
  const refinds = result.checks.filter(
    (c) =>
      c.name.startsWith('fuzz.') &&
      c.findings.length > 0 &&
      c.findings.every((id) =>
        result.findings.find((f) => f.id === id)?.alsoFoundBy?.includes(c.name),
      ),
  );
  out.push(
    paint(
      1,
      `Checks (${result.summary.passed}/${result.summary.total} passed${
        result.summary.blocked ? `, ${result.summary.blocked} blocked by a fixture` : ''
      })`,
    ),
  );
  for (const check of notPassed) {
    if (refinds.includes(check)) continue;
    out.push(formatCheckLine(check, paint));
  }
  for (const check of refinds) {
    out.push(paint(90, `  ${check.name}: only re-found ${check.findings.join(', ')}`));
  }
  for (const check of result.checks.filter((c) => c.status === 'skipped' && c.note)) {
    out.push(paint(90, `  - ${check.name} skipped: ${check.note}`));
  }
  const notRun = result.checks.filter((c) => c.status === 'not-run');
  if (notRun.length) {
    const why = result.crash ? `the server stopped answering after ${result.crash.after}` : '';
    out.push(paint(90, `  ${plural(notRun.length, 'check')} not run: ${why}`));
  }
  out.push('', formatCoverage(result.coverage, paint), '');
  for (const problem of result.cleanupProblems) out.push(paint(33, `cleanup: ${problem}`));
  out.push(formatSummary(result, paint), '');
  return out.join('\n');
}

export function consoleReporter(options: ConsoleOptions): Reporter {
  const paint = painter(options.color);
  const { write } = options;
  let index = 0;
  return {
    onStart(target) {
      write(`${paint(1, 'chat-contract conformance')} → ${target}\n`);
    },
    onCheckEnd(result) {
      write(formatProgress(result, index, paint));
      index += 1;
    },
    onRunEnd(result) {
      write(`${index > 0 ? '\n' : ''}${formatReport(result, paint)}`);
    },
  };
}
