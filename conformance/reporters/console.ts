// Human-readable output: one line per check as it finishes, then every violation with its
// rule, expected vs actual, JSON path, request and response, then spec coverage, totals
// and the duration.
import type { CheckResult, Coverage, RunResult, Violation } from '../types.ts';
import type { Reporter } from './reporter.ts';

export interface ConsoleOptions {
  /** ANSI colours (a terminal, unless NO_COLOR is set). */
  color: boolean;
  write: (text: string) => void;
}

type Paint = (code: number, text: string) => string;

function painter(color: boolean): Paint {
  return (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatCheckLine(result: CheckResult, paint: Paint): string {
  const mark =
    result.status === 'passed'
      ? paint(32, '✓')
      : result.status === 'failed'
        ? paint(31, '✗')
        : paint(33, '-');
  const extra =
    result.status === 'failed'
      ? paint(
          31,
          ` (${result.violations.length} violation${result.violations.length === 1 ? '' : 's'})`,
        )
      : result.status === 'skipped'
        ? paint(33, ' skipped')
        : '';
  return `  ${mark} ${result.name} ${paint(90, seconds(result.durationMs))}${extra}`;
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
  const { total, passed, failed, skipped } = result.summary;
  const verdict = failed === 0 ? paint(32, 'PASS') : paint(31, 'FAIL');
  return `${verdict} ${total} checks: ${paint(32, `${passed} passed`)}, ${
    failed ? paint(31, `${failed} failed`) : '0 failed'
  }, ${skipped} skipped — ${seconds(result.durationMs)} (seed ${result.seed}${
    result.fuzzRuns ? `, ${result.fuzzRuns} fuzz inputs per target` : ''
  })`;
}

export function consoleReporter(options: ConsoleOptions): Reporter {
  const paint = painter(options.color);
  const { write } = options;
  return {
    onStart(target) {
      write(`${paint(1, 'chat-contract conformance')} → ${target}\n`);
    },
    onCheckEnd(result) {
      write(`${formatCheckLine(result, paint)}\n`);
    },
    onRunEnd(result) {
      const failed = result.checks.filter((c) => c.status === 'failed');
      const out: string[] = [''];
      if (failed.length) {
        out.push(paint(1, 'Violations'));
        for (const check of failed) {
          out.push(`  ${paint(31, '✗')} ${paint(1, check.name)} — ${check.description}`);
          check.violations.forEach((v, i) => {
            out.push(formatViolation(v, i + 1, paint));
          });
        }
        out.push('');
      }
      out.push(formatCoverage(result.coverage, paint), '');
      for (const problem of result.cleanupProblems) out.push(paint(33, `cleanup: ${problem}`));
      out.push(formatSummary(result, paint), '');
      write(out.join('\n'));
    },
  };
}
