// `npm run spec:changelog -- --from <ref> [--to <ref>] [--out <file>] [--no-generated]`: the
// human-readable contract changes between two tags (or any refs; `--to` defaults to the
// working tree), grouped by audience — frontend (REST and socket clients), backend (servers
// implementing the contract, with the generated declarations that change) and QA (what to
// re-test, per operation and event). Markdown, to stdout or a file.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpecs, SpecError, type Specs } from '../bundle.ts';
import { RefError } from '../json.ts';
import { diffSpecs, type VersionChange } from './diff.ts';
import { type Finding, groupFindings, type Place, sortParties } from './findings.ts';
import type { GeneratedDiff } from './generated.ts';
import { GitError, loadSpecsAt, resolveRef } from './git.ts';
import { type DocName, PARTY_LABEL, type Party, type Side, sideOf } from './model.ts';

export interface ChangelogInput {
  from: string;
  to: string;
  findings: Finding[];
  versions: Record<DocName, VersionChange>;
  generated?: GeneratedDiff;
}

const MAX_PLACES = 6;
const DOC_TITLE: Record<DocName, string> = { openapi: 'REST', asyncapi: 'Socket.IO' };

function placeList(places: Place[]): string {
  const names = [...new Set(places.map((p) => (p.field ? `${p.where} › ${p.field}` : p.where)))];
  const shown = names.slice(0, MAX_PLACES).map((n) => `\`${n}\``);
  if (names.length > MAX_PLACES) shown.push(`and ${names.length - MAX_PLACES} more`);
  return shown.join(', ');
}

function who(places: Place[], side: Side): string {
  const parties = new Set<Party>();
  for (const p of places)
    for (const party of p.parties) if (sideOf(party) === side) parties.add(party);
  return sortParties(parties)
    .map((p) => PARTY_LABEL[p])
    .join(', ');
}

/** The findings as one audience sees them: only the places where a party of that side acts. */
function forSide(findings: Finding[], side: Side): { breaking: string[]; other: string[] } {
  const breaking: string[] = [];
  const other: string[] = [];
  for (const f of findings) {
    const mine = f.places.filter((p) => p.parties.some((party) => sideOf(party) === side));
    if (mine.length === 0) continue;
    const broken = mine.filter((p) => p.severity === 'breaking');
    const rest = mine.filter((p) => p.severity !== 'breaking');
    if (broken.length) {
      breaking.push(`- **${f.reason}** (${who(broken, side)}): ${placeList(broken)}`);
    }
    if (rest.length) other.push(`- ${f.reason} (${who(rest, side)}): ${placeList(rest)}`);
  }
  return { breaking, other };
}

function qa(findings: Finding[]): string[] {
  const byWhere = new Map<string, string[]>();
  for (const f of findings) {
    for (const p of f.places) {
      const line = `${p.field ? `${p.field}: ` : ''}${f.reason}${p.severity === 'breaking' ? ' (breaking)' : ''}`;
      const list = byWhere.get(p.where) ?? [];
      if (!list.includes(line)) list.push(line);
      byWhere.set(p.where, list);
    }
  }
  return [...byWhere.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([where, lines]) => [`- \`${where}\``, ...lines.map((l) => `  - ${l}`)]);
}

function versionLine(versions: Record<DocName, VersionChange>): string {
  return (['openapi', 'asyncapi'] as const)
    .map((d) => {
      const v = versions[d];
      const text = v.before === v.after ? `${v.after}` : `${v.before} → ${v.after}`;
      return `${DOC_TITLE[d]} ${text}${v.majorBumped ? ' (new major)' : ''}`;
    })
    .join(' · ');
}

export function renderChangelog(input: ChangelogInput): string {
  const { findings } = input;
  const breaking = findings.filter((f) => f.severity === 'breaking').length;
  const out = [
    `# Contract changes: ${input.from} → ${input.to}`,
    '',
    `${versionLine(input.versions)}. ${breaking} breaking, ${findings.length - breaking} other change${findings.length - breaking === 1 ? '' : 's'}.`,
  ];
  if (findings.length === 0) {
    out.push('', 'No change to the contract.');
    return `${out.join('\n')}\n`;
  }
  const section = (title: string, intro: string, side: Side, extra: string[] = []) => {
    const { breaking: b, other } = forSide(findings, side);
    out.push('', `## ${title}`, '', intro);
    if (b.length) out.push('', '### Breaking', '', ...b);
    if (other.length) out.push('', '### New and changed', '', ...other);
    if (!b.length && !other.length) out.push('', 'Nothing to do.');
    out.push(...extra);
  };
  section(
    'Frontend',
    'REST clients, and socket clients emitting client events and listening to server events.',
    'frontend',
  );
  const g = input.generated;
  const generated: string[] = [];
  if (g?.error) generated.push('', '### Generated code', '', g.error);
  else if (g?.declarations.length) {
    generated.push(
      '',
      '### Generated code',
      '',
      'Declarations in `generated/` that change (a handler using them may no longer compile):',
      '',
    );
    for (const d of g.declarations) {
      const how =
        d.status === 'changed' ? (d.via ? `changed through ${d.via}` : 'changed') : d.status;
      generated.push(`- \`generated/${d.file}\` \`${d.name}\`: ${how}`);
    }
  }
  section(
    'Backend',
    'Servers implementing the contract: REST handlers, socket handlers and the events they emit.',
    'backend',
    generated,
  );
  out.push(
    '',
    '## QA',
    '',
    'What to re-test, per operation and event (the conformance runner checks all of it).',
    '',
    ...qa(findings),
  );
  return `${out.join('\n')}\n`;
}

const HELP = `usage: npm run spec:changelog -- --from <ref> [--to <ref>] [--out <file>] [--no-generated]

Writes the contract changes between two git refs (tags, usually) as Markdown, grouped by
audience: frontend, backend (with the generated declarations that change) and QA.
--to defaults to the working tree; --out writes a file instead of stdout.`;

async function main(argv: string[]): Promise<number> {
  let values: {
    from?: string;
    to?: string;
    out?: string;
    'no-generated'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        'no-generated': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`spec:changelog: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.from) {
    console.error('spec:changelog: --from <ref> is required (see --help)');
    return 2;
  }
  const load = (ref: string): Specs => {
    const specs = loadSpecsAt(resolveRef(ref));
    if (!specs) throw new GitError(`spec/openapi.yaml does not exist at ${ref}`);
    return specs;
  };
  const before = load(values.from);
  const after = values.to ? load(values.to) : loadSpecs();
  const diff = diffSpecs(before, after);
  const text = renderChangelog({
    from: values.from,
    to: values.to ?? 'working tree',
    findings: groupFindings(diff.changes, {
      openapi: diff.versions.openapi.majorBumped,
      asyncapi: diff.versions.asyncapi.majorBumped,
    }),
    versions: diff.versions,
    generated:
      values['no-generated'] || diff.changes.length === 0
        ? undefined
        : await (await import('./generated.ts')).diffGenerated(before, after),
  });
  if (values.out) {
    writeFileSync(values.out, text);
    console.log(`spec:changelog: wrote ${values.out}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof GitError || error instanceof SpecError || error instanceof RefError) {
      console.error(`spec:changelog: ${error.message}`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}
