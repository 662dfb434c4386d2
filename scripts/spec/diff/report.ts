// The spec:diff report in three shapes: text for a terminal, Markdown for a pull-request
// comment, JSON for tools. Same content and order in each: what blocks first (grouped by
// cause, with every place it reaches), then breaking changes released under a new major
// (their release notes), then the rest, then what changes in generated/.
import type { VersionChange } from './diff.ts';
import { type Finding, type Place, sortParties } from './findings.ts';
import type { GeneratedDiff } from './generated.ts';
import { type DocName, PARTY_LABEL, type Party } from './model.ts';

export interface Report {
  /** `main's merge base (abc1234)` and `working tree`. */
  from: string;
  to: string;
  /** One line when the default base could not be used. */
  note?: string;
  findings: Finding[];
  versions: Record<DocName, VersionChange>;
  generated?: GeneratedDiff;
}

export type Format = 'text' | 'markdown' | 'json';

const DOC_LABEL: Record<DocName, string> = {
  openapi: 'REST (openapi.yaml)',
  asyncapi: 'Socket.IO (asyncapi.yaml)',
};
const MAX_PLACES = 10;

export function exitCode(report: Report): number {
  return blocking(report).length > 0 ? 1 : 0;
}

const blocking = (r: Report) => r.findings.filter((f) => f.severity === 'breaking' && !f.released);
const released = (r: Report) => r.findings.filter((f) => f.released);
const compatible = (r: Report) => r.findings.filter((f) => f.severity === 'non-breaking');

function parties(places: Place[]): string {
  const set = new Set<Party>();
  for (const p of places) for (const party of p.parties) set.add(party);
  return sortParties(set)
    .map((p) => PARTY_LABEL[p])
    .join(', ');
}

function placeText(p: Place): string {
  return p.field ? `${p.where} › ${p.field}` : p.where;
}

function summary(r: Report): string {
  const b = blocking(r).length;
  const rel = released(r).length;
  const n = compatible(r).length;
  const parts = [
    `${b} breaking change${b === 1 ? '' : 's'}`,
    ...(rel ? [`${rel} breaking in a new major`] : []),
    `${n} non-breaking`,
  ];
  return parts.join(', ');
}

function verdict(r: Report): string {
  const b = blocking(r);
  if (b.length === 0) return 'no blocking change: exit 0';
  const docs = new Set(
    b.flatMap((f) => f.places.filter((p) => p.severity === 'breaking').map((p) => p.doc)),
  );
  const which = [...docs]
    .map((d) => `${DOC_LABEL[d]} info.version ${r.versions[d].after ?? '?'}`)
    .join(' and ');
  return `${b.length} breaking change${b.length === 1 ? '' : 's'} without a major version bump (${which}): exit 1 — make the change compatible, or bump the major`;
}

function releaseTitle(r: Report): string {
  const docs = (['openapi', 'asyncapi'] as const).filter((d) => r.versions[d].majorBumped);
  return docs.map((d) => `${DOC_LABEL[d]} ${r.versions[d].after}`).join(', ');
}

function generatedLines(g: GeneratedDiff): string[] {
  if (g.error) return [g.error];
  if (g.files.length === 0) return ['no generated file changes'];
  const lines: string[] = [];
  const byFile = new Map<string, string[]>();
  for (const d of g.declarations) {
    const text =
      d.status === 'changed'
        ? d.via
          ? `${d.name} (via ${d.via})`
          : `${d.name}`
        : `${d.name} [${d.status}]`;
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), text]);
  }
  if (byFile.size === 0) lines.push('no generated type or handler signature changes');
  for (const [file, names] of byFile) {
    lines.push(`generated/${file}: ${names.length} declaration${names.length === 1 ? '' : 's'}`);
    lines.push(...names.slice(0, MAX_PLACES).map((n) => `  - ${n}`));
    if (names.length > MAX_PLACES) lines.push(`  - … and ${names.length - MAX_PLACES} more`);
  }
  const others = g.files.filter((f) => !byFile.has(f));
  if (others.length)
    lines.push(`also rewritten: ${others.map((f) => `generated/${f}`).join(', ')}`);
  return lines;
}

function textFinding(f: Finding, index: number): string[] {
  const broken = f.places.filter((p) => p.severity === 'breaking');
  const other = f.places.filter((p) => p.severity !== 'breaking');
  const lines = [`${index + 1}. ${f.reason}`, `   at ${f.path}`];
  const list = (places: Place[]) => [
    ...places.slice(0, MAX_PLACES).map((p) => `     - ${placeText(p)}`),
    ...(places.length > MAX_PLACES ? [`     … and ${places.length - MAX_PLACES} more`] : []),
  ];
  if (broken.length) {
    lines.push(
      `   breaks ${parties(broken)} — ${broken.length} place${broken.length === 1 ? '' : 's'}:`,
    );
    lines.push(...list(broken));
  }
  if (other.length) {
    lines.push(
      `   ${broken.length ? 'also, not breaking: ' : ''}work for ${parties(other)} — ${other.length} place${other.length === 1 ? '' : 's'}:`,
    );
    lines.push(...list(other));
  }
  return lines;
}

function text(r: Report): string {
  const out = [`spec:diff ${r.from} → ${r.to}: ${summary(r)}`];
  if (r.note) out.push(`note: ${r.note}`);
  const section = (title: string, findings: Finding[]) => {
    if (findings.length === 0) return;
    out.push('', title);
    findings.forEach((f, i) => {
      out.push(...textFinding(f, i));
    });
  };
  section('BREAKING — blocks the merge', blocking(r));
  section(`BREAKING, released as a new major — release notes of ${releaseTitle(r)}`, released(r));
  section('Non-breaking', compatible(r));
  if (r.generated) {
    out.push('', 'Generated code (npm run generate on both versions):');
    out.push(...generatedLines(r.generated).map((l) => `  ${l}`));
  }
  out.push('', verdict(r));
  return `${out.join('\n')}\n`;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function markdownFinding(f: Finding): string[] {
  const broken = f.places.filter((p) => p.severity === 'breaking');
  const other = f.places.filter((p) => p.severity !== 'breaking');
  const lines = [`- **${f.reason.replace(/\*/g, '\\*')}** — ${code(f.path)}`];
  const list = (places: Place[]) => [
    ...places.slice(0, MAX_PLACES).map((p) => `  - ${code(placeText(p))}`),
    ...(places.length > MAX_PLACES ? [`  - … and ${places.length - MAX_PLACES} more`] : []),
  ];
  if (broken.length) {
    lines.push(`  breaks **${parties(broken)}** at:`, ...list(broken));
  }
  if (other.length) {
    lines.push(
      `  ${broken.length ? 'not breaking: ' : ''}work for ${parties(other)} at:`,
      ...list(other),
    );
  }
  return lines;
}

function markdown(r: Report): string {
  const b = blocking(r);
  const icon = b.length ? '❌' : '✅';
  const out = [`### ${icon} Spec diff: ${summary(r)}`, '', `Compared ${r.from} with ${r.to}.`];
  if (r.note) out.push('', `> ${r.note}`);
  if (b.length) out.push('', '#### Breaking — blocks the merge', '', ...b.flatMap(markdownFinding));
  const rel = released(r);
  if (rel.length) {
    out.push(
      '',
      `#### Release notes of ${releaseTitle(r)}: breaking changes`,
      '',
      ...rel.flatMap(markdownFinding),
    );
  }
  const n = compatible(r);
  if (n.length) {
    out.push(
      '',
      `<details><summary>Non-breaking (${n.length})</summary>`,
      '',
      ...n.flatMap(markdownFinding),
      '',
      '</details>',
    );
  }
  if (r.generated) {
    out.push(
      '',
      '#### Generated code',
      '',
      ...generatedLines(r.generated).map((l) => (l.startsWith('  - ') ? l : `- ${l}`)),
    );
  }
  out.push('', `**${verdict(r)}**`);
  return `${out.join('\n')}\n`;
}

function json(r: Report): string {
  return `${JSON.stringify(
    {
      from: r.from,
      to: r.to,
      note: r.note,
      exitCode: exitCode(r),
      summary: {
        breaking: blocking(r).length,
        released: released(r).length,
        nonBreaking: compatible(r).length,
      },
      versions: r.versions,
      findings: r.findings,
      generated: r.generated,
    },
    null,
    2,
  )}\n`;
}

export function render(report: Report, format: Format): string {
  return format === 'json' ? json(report) : format === 'markdown' ? markdown(report) : text(report);
}
