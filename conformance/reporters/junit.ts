// JUnit XML for CI systems: one <testsuite> per top-level group (rest, socket, fuzz), one
// <testcase> per check with a <failure> listing its violations, coverage as properties.
import type { CheckResult, RunResult, Violation } from '../types.ts';

/** XML 1.0 cannot carry most control characters, even escaped: they become U+FFFD. */
function xmlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const allowed =
      code >= 0x20
        ? code !== 0xfffe && code !== 0xffff
        : code === 0x9 || code === 0xa || code === 0xd;
    out += allowed ? ch : '\ufffd';
  }
  return out;
}

export function escapeXml(text: string): string {
  return xmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

function violationText(v: Violation, i: number): string {
  return [
    `${i + 1}) ${v.rule}`,
    `   expected: ${v.expected}`,
    `   actual:   ${v.actual}`,
    ...(v.path ? [`   at:       ${v.path}`] : []),
    ...(v.request ? [`   request:  ${v.request}`] : []),
    ...(v.response ? [`   response: ${v.response}`] : []),
  ].join('\n');
}

function testcase(check: CheckResult): string {
  const dot = check.name.lastIndexOf('.');
  const classname = dot > 0 ? check.name.slice(0, dot) : check.name;
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(check.name)}" time="${secs(check.durationMs)}"`;
  if (check.status === 'skipped') return `${open}>\n      <skipped/>\n    </testcase>`;
  if (check.status === 'passed') return `${open}/>`;
  const first = check.violations[0];
  const message = first
    ? `${first.rule}: expected ${first.expected}, got ${first.actual}`
    : 'failed';
  const body = check.violations.map(violationText).join('\n\n');
  return `${open}>\n      <failure message="${escapeXml(message)}" type="ContractViolation">${escapeXml(body)}</failure>\n    </testcase>`;
}

export function toJUnit(result: RunResult): string {
  const groups = new Map<string, CheckResult[]>();
  for (const check of result.checks) {
    const group = check.name.split('.')[0] ?? check.group;
    groups.set(group, [...(groups.get(group) ?? []), check]);
  }
  const cov = result.coverage;
  const properties = [
    ['target', result.target],
    ['seed', String(result.seed)],
    [
      'coverage.operations',
      `${cov.operations.filter((o) => o.seenStatuses.length).length}/${cov.operations.length}`,
    ],
    [
      'coverage.clientEvents',
      `${cov.clientEvents.filter((e) => e.exercised).length}/${cov.clientEvents.length}`,
    ],
    [
      'coverage.serverEvents',
      `${cov.serverEvents.filter((e) => e.exercised).length}/${cov.serverEvents.length}`,
    ],
  ]
    .map(([k, v]) => `      <property name="${escapeXml(k ?? '')}" value="${escapeXml(v ?? '')}"/>`)
    .join('\n');
  const suites = [...groups.entries()].map(([name, checks]) => {
    const failures = checks.filter((c) => c.status === 'failed').length;
    const skipped = checks.filter((c) => c.status === 'skipped').length;
    const time = checks.reduce((n, c) => n + c.durationMs, 0);
    return [
      `  <testsuite name="${escapeXml(name)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(time)}" timestamp="${escapeXml(result.startedAt)}">`,
      `    <properties>\n${properties}\n    </properties>`,
      ...checks.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const { total, failed, skipped } = result.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chat-contract conformance" tests="${total}" failures="${failed}" errors="0" skipped="${skipped}" time="${secs(result.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
