// Groups changes by cause: the same edit to a shared schema reached from ten operations is
// one finding with ten places, not ten lines. Breaking findings come first, the widest first.
import { type Change, type DocName, jsonPath, type Party, type Severity } from './model.ts';

export interface Place {
  doc: DocName;
  /** JSON path of the change at this place (differs from the finding's when a cause is shared). */
  path: string;
  where: string;
  field: string;
  severity: Severity;
  parties: Party[];
}

export interface Finding {
  severity: Severity;
  rules: string[];
  /** JSON path of what changed (in the bundled documents; shared schemas have the same path in both). */
  path: string;
  docs: DocName[];
  reason: string;
  parties: Party[];
  places: Place[];
  /** Breaking here, but released under a new major of every document it breaks in. */
  released: boolean;
}

const PARTY_ORDER: Party[] = [
  'rest-client',
  'socket-emitter-frontend',
  'socket-listener-frontend',
  'rest-server',
  'socket-emitter-server',
  'socket-listener-server',
];

export function sortParties(parties: Iterable<Party>): Party[] {
  return [...parties].sort((a, b) => PARTY_ORDER.indexOf(a) - PARTY_ORDER.indexOf(b));
}

export function groupFindings(
  changes: Change[],
  majorBumped: Record<DocName, boolean> = { openapi: false, asyncapi: false },
): Finding[] {
  const groups = new Map<string, Finding>();
  for (const c of changes) {
    const path = jsonPath(c.cause ?? c.path);
    const id = `${path}\n${c.reason}`;
    let f = groups.get(id);
    if (!f) {
      f = {
        severity: c.severity,
        rules: [],
        path,
        docs: [],
        reason: c.reason,
        parties: [],
        places: [],
        released: false,
      };
      groups.set(id, f);
    }
    if (c.severity === 'breaking') f.severity = 'breaking';
    if (!f.rules.includes(c.rule)) f.rules.push(c.rule);
    if (!f.docs.includes(c.doc)) f.docs.push(c.doc);
    for (const p of c.parties) if (!f.parties.includes(p)) f.parties.push(p);
    f.places.push({
      doc: c.doc,
      path: jsonPath(c.path),
      where: c.where,
      field: c.field,
      severity: c.severity,
      parties: c.parties,
    });
  }
  const findings = [...groups.values()];
  for (const f of findings) {
    f.parties = sortParties(f.parties);
    f.places.sort(
      (a, b) =>
        a.doc.localeCompare(b.doc) * -1 ||
        a.where.localeCompare(b.where) ||
        a.field.localeCompare(b.field),
    );
    const breakingDocs = new Set(
      f.places.filter((p) => p.severity === 'breaking').map((p) => p.doc),
    );
    f.released = f.severity === 'breaking' && [...breakingDocs].every((d) => majorBumped[d]);
  }
  return findings.sort(
    (a, b) =>
      Number(b.severity === 'breaking') - Number(a.severity === 'breaking') ||
      b.places.length - a.places.length ||
      a.path.localeCompare(b.path),
  );
}
