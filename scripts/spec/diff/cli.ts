// `npm run spec:diff -- [--base <ref>] [--format text|markdown|json] [--no-generated]`:
// compares the spec at a git ref (default: the merge base with main) with the working tree
// and exits 1 when a change breaks clients or servers written against the base, unless the
// document's info.version major was bumped. Exit 2: usage, git or spec error.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpecs, SpecError, type Specs } from '../bundle.ts';
import { RefError } from '../json.ts';
import { diffSpecs } from './diff.ts';
import { groupFindings } from './findings.ts';
import { GitError, loadSpecsAt, resolveBase, shortCommit } from './git.ts';
import { exitCode, type Format, render } from './report.ts';

const HELP = `usage: npm run spec:diff -- [options]

Compares spec/ at a git ref with the working tree and classifies every change as
breaking or not, for whom (REST client, server implementing REST, socket emitter or
listener on the frontend or server side), with the JSON path and a one-line reason,
grouped by cause. Also reports which generated types and handler signatures change.

options:
  --base <ref>       what to compare with (default: the merge base of HEAD with main,
                     or origin/main; HEAD when neither exists)
  --format <kind>    text (default), markdown (for a pull-request comment), json
  --no-generated     skip running the codegen on both versions
  -h, --help         this text

exit status: 0 no breaking change, or every breaking change is in a document whose
info.version major was bumped (they are listed as that major's release notes);
1 breaking changes; 2 usage, git or spec error.`;

const FORMATS: readonly Format[] = ['text', 'markdown', 'json'];

export async function main(argv: string[]): Promise<number> {
  let values: { base?: string; format?: string; 'no-generated'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        base: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'no-generated': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`spec:diff: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    console.error(`spec:diff: --format must be one of ${FORMATS.join(', ')}`);
    return 2;
  }
  const base = resolveBase(values.base);
  if ('none' in base) {
    console.error(`spec:diff: ${base.none}; nothing compared`);
    return 0;
  }
  if (base.fallback) console.error(`spec:diff: ${base.fallback}`);
  const before = loadSpecsAt(base.commit);
  if (!before) {
    console.error(`spec:diff: spec/openapi.yaml does not exist at ${base.ref}; nothing compared`);
    return 0;
  }
  const after: Specs = loadSpecs();
  const diff = diffSpecs(before, after);
  const majorBumped = {
    openapi: diff.versions.openapi.majorBumped,
    asyncapi: diff.versions.asyncapi.majorBumped,
  };
  const report = {
    from: `${base.label} (${shortCommit(base.commit)})`,
    to: 'the working tree',
    note: base.fallback,
    findings: groupFindings(diff.changes, majorBumped),
    versions: diff.versions,
    // Loaded on demand: the codegen pulls in the TypeScript compiler and openapi-typescript.
    generated:
      values['no-generated'] || diff.changes.length === 0
        ? undefined
        : await (await import('./generated.ts')).diffGenerated(before, after),
  };
  process.stdout.write(render(report, format));
  return exitCode(report);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof GitError || error instanceof SpecError || error instanceof RefError) {
      console.error(`spec:diff: ${error.message}`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}
