// Turns the violations of a run into findings: one per root cause (same rule, same
// operation or event, same expected-vs-actual shape once run-specific values such as ids,
// SIDs, URLs, timestamps and waits are masked), with how widespread it is, one example
// and a reproduction. Most widespread first, so a report leads with what to fix.
import type { CheckResult, Finding, Violation } from './types.ts';

/** Masks what differs from one occurrence of the same cause to the next. */
export function shape(text: string): string {
  return text
    .replace(/https?:\/\/[^\s"'`)]+/g, '<url>')
    .replace(/\bcc-[0-9a-f]{8}-[\w.@+:=|éßü-]*/g, '<id>')
    .replace(/\b[A-Z]{2}[0-9a-f]{32}\b/g, '<sid>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, '<date>')
    .replace(/within \d+ ms/g, 'within <t> ms')
    .replace(/\+1555\d{7}/g, '<phone>')
    .replace(/\s*\[smallest failing input[^\]]*\]/, '')
    .replace(/; payload .*$/, '');
}

/** The root-cause key of a violation: explicit, or its rule and actual shape. */
export function keyOf(v: Violation): string {
  return v.key ?? `${shape(v.rule)}|${shape(v.actual)}`;
}

/** Adds `v` to `list` unless the same cause is already there (then counts it). */
export function addOnce(list: Violation[], v: Violation): boolean {
  const key = keyOf(v);
  const same = list.find((o) => keyOf(o) === key && o.subject === v.subject);
  if (same) {
    same.count = (same.count ?? 1) + 1;
    // A cause the check met itself outweighs the same cause met in a fixture.
    if (!v.incidental) same.incidental = undefined;
    same.reproduce ??= v.reproduce;
    return false;
  }
  list.push({ ...v, key });
  return true;
}

interface Draft {
  key: string;
  example: Violation;
  subjects: Set<string>;
  checks: Set<string>;
  blocked: Set<string>;
  occurrences: number;
  reproduce?: string;
}

/** One violation observed outside any check's own result (e.g. an event no check owns). */
export interface Observation {
  check: string | undefined;
  violation: Violation;
}

/**
 * Groups every violation of the run into findings and fills in each check's `findings`
 * ids and blocker. Findings are ordered by the number of checks, then occurrences.
 */
export function collectFindings(
  checks: CheckResult[],
  observations: Observation[],
  blockers: Map<string, string>,
): Finding[] {
  const drafts = new Map<string, Draft>();
  const note = (check: string | undefined, v: Violation): Draft => {
    const key = keyOf(v);
    let draft = drafts.get(key);
    if (!draft) {
      draft = {
        key,
        example: v,
        subjects: new Set(),
        checks: new Set(),
        blocked: new Set(),
        occurrences: 0,
      };
      drafts.set(key, draft);
    }
    if (v.subject) draft.subjects.add(v.subject);
    if (check) draft.checks.add(check);
    draft.occurrences += v.count ?? 1;
    draft.reproduce ??= v.reproduce;
    return draft;
  };
  for (const check of checks) for (const v of check.violations) note(check.name, v);
  for (const o of observations) note(o.check, o.violation);
  for (const [check, key] of blockers) drafts.get(key)?.blocked.add(check);

  const ordered = [...drafts.values()].sort(
    (a, b) =>
      b.checks.size - a.checks.size ||
      b.subjects.size - a.subjects.size ||
      b.occurrences - a.occurrences,
  );
  const findings: Finding[] = ordered.map((d, i) => {
    const { count: _count, key: _key, incidental: _incidental, ...example } = d.example;
    return {
      id: `F${i + 1}`,
      key: d.key,
      title: d.example.title ?? d.example.rule,
      rule: d.example.rule,
      subjects: [...d.subjects].sort(),
      checks: [...d.checks],
      blocked: [...d.blocked],
      occurrences: d.occurrences,
      example,
      ...(d.reproduce ? { reproduce: d.reproduce } : {}),
    };
  });
  const idOf = new Map(findings.map((f) => [f.key, f.id]));
  for (const check of checks) {
    const ids = new Set<string>();
    for (const v of check.violations) ids.add(idOf.get(keyOf(v)) ?? '');
    for (const o of observations)
      if (o.check === check.name) ids.add(idOf.get(keyOf(o.violation)) ?? '');
    check.findings = [...ids].filter(Boolean);
    const blocker = blockers.get(check.name);
    if (blocker && check.blockedBy) check.blockedBy.finding = idOf.get(blocker) ?? '';
  }
  return findings;
}

/** Marks fuzz targets whose every finding was already found by a regular check. */
export function noteRefinds(findings: Finding[], checks: CheckResult[]): void {
  const regular = new Set(checks.filter((c) => !c.name.startsWith('fuzz.')).map((c) => c.name));
  for (const f of findings) {
    const fuzz = f.checks.filter((c) => c.startsWith('fuzz.'));
    if (fuzz.length === 0 || !f.checks.some((c) => regular.has(c))) continue;
    f.alsoFoundBy = fuzz;
  }
}
