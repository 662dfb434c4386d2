// JUnit XML for CI systems: a `findings` <testsuite> first (one failing <testcase> per root
// cause, with its reach, example and reproduction), then one <testsuite> per top-level
// group (rest, socket, fuzz), one <testcase> per check with a <failure> listing its
// violations (blocked checks name their blocker; not-run checks are skipped), coverage as
// properties.
import type { CheckResult, Finding, RunResult, Violation } from '../types.ts';

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

function findingCase(f: Finding): string {
  const text = [
    `${f.id}: ${f.title}`,
    `subjects: ${f.subjects.join(', ') || '-'}`,
    `checks (${f.checks.length}): ${f.checks.join(', ')}`,
    ...(f.blocked.length ? [`blocked: ${f.blocked.join(', ')}`] : []),
    `occurrences: ${f.occurrences}`,
    violationText(f.example, 0),
    ...(f.reproduce ? ['reproduce:', f.reproduce] : []),
  ].join('\n');
  return `    <testcase classname="findings" name="${escapeXml(`${f.id} ${f.title}`)}" time="0">\n      <failure message="${escapeXml(f.title)}" type="Finding">${escapeXml(text)}</failure>\n    </testcase>`;
}

function testcase(check: CheckResult): string {
  const dot = check.name.lastIndexOf('.');
  const classname = dot > 0 ? check.name.slice(0, dot) : check.name;
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(check.name)}" time="${secs(check.durationMs)}"`;
  if (check.status === 'skipped' || check.status === 'not-run') {
    return `${open}>\n      <skipped message="${check.status}"/>\n    </testcase>`;
  }
  if (check.status === 'blocked') {
    const message = `blocked at ${check.blockedBy?.step ?? '?'} by finding ${check.blockedBy?.finding ?? '?'}`;
    return `${open}>\n      <failure message="${escapeXml(message)}" type="Blocked">${escapeXml(check.violations.map(violationText).join('\n\n'))}</failure>\n    </testcase>`;
  }
  if (check.status === 'passed') return `${open}/>`;
  const first = check.violations.find((v) => !v.incidental) ?? check.violations[0];
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
  const findingsSuite = [
    `  <testsuite name="findings" tests="${result.findings.length}" failures="${result.findings.length}" errors="0" skipped="0" time="0" timestamp="${escapeXml(result.startedAt)}">`,
    ...result.findings.map(findingCase),
    '  </testsuite>',
  ].join('\n');
  const suites = [...groups.entries()].map(([name, checks]) => {
    const failures = checks.filter((c) => c.status === 'failed' || c.status === 'blocked').length;
    const skipped = checks.filter((c) => c.status === 'skipped' || c.status === 'not-run').length;
    const time = checks.reduce((n, c) => n + c.durationMs, 0);
    return [
      `  <testsuite name="${escapeXml(name)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(time)}" timestamp="${escapeXml(result.startedAt)}">`,
      `    <properties>\n${properties}\n    </properties>`,
      ...checks.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const { total, failed, blocked, skipped, notRun } = result.summary;
  const findings = result.findings.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chat-contract conformance" tests="${total + findings}" failures="${failed + blocked + findings}" errors="0" skipped="${skipped + notRun}" time="${secs(result.durationMs)}">`,
    ...(findings ? [findingsSuite] : []),
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
