// Lints a set of spec documents (each detected as OpenAPI or AsyncAPI) and, for the
// project's own two documents, checks that they still bundle, since codegen and docs start
// from the bundle. The CLI in scripts/spec-lint.ts only prints what this returns.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ASYNCAPI_FILE, type Json, loadSpecs, OPENAPI_FILE, SpecError } from './bundle.ts';
import type { DocumentKind } from './examples.ts';
import { lintAsyncApi } from './lint-asyncapi.ts';
import { lintOpenApi } from './lint-openapi.ts';
import { SourceCache, type YamlSource } from './locate.ts';
import { type Problem, sortProblems } from './problems.ts';
import { EXAMPLE_RULES, lintWithSpectral } from './spectral.ts';
import { checkYaml11 } from './yaml11.ts';

export const DEFAULT_FILES = [OPENAPI_FILE, ASYNCAPI_FILE];
export const DEFAULT_CONFIG = path.resolve(path.dirname(OPENAPI_FILE), '..', 'redocly.yaml');

export interface LintOptions {
  /** redocly.yaml for OpenAPI documents. */
  configPath?: string;
}

export interface LintResult {
  problems: Problem[];
  documents: number;
}

export function detectKind(source: YamlSource): DocumentKind | undefined {
  const value = source.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (typeof value.openapi === 'string') return 'openapi';
  if (typeof value.asyncapi === 'string') return 'asyncapi';
  return undefined;
}

/** Every file reachable from `root` through `$ref`s, root included, each once. */
export function referencedFiles(root: string, sources: SourceCache): YamlSource[] {
  const seen = new Map<string, YamlSource>();
  const queue = [path.resolve(root)];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    const source = sources.get(file);
    seen.set(file, source);
    const visit = (node: Json | undefined): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === 'object' && node !== null) {
        const ref = node.$ref;
        if (typeof ref === 'string' && !ref.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
          queue.push(path.resolve(path.dirname(file), ref.split('#')[0] ?? ''));
        }
        Object.values(node).forEach(visit);
      }
    };
    visit(source.value);
  }
  return [...seen.values()];
}

export async function lintFiles(
  files: readonly string[],
  options: LintOptions = {},
): Promise<LintResult> {
  const sources = new SourceCache();
  const problems: Problem[] = [];
  for (const file of files) {
    const source = sources.get(file);
    if (!source.ok) {
      problems.push(...source.problems);
      continue;
    }
    // A referenced file that does not parse makes every linter cascade into dozens of
    // unresolved-ref complaints: its syntax errors alone are the useful report.
    const broken = referencedFiles(file, sources).filter((shared) => shared.broken);
    if (broken.length > 0) {
      for (const shared of broken) problems.push(...shared.problems);
      continue;
    }
    // Tools built on YAML 1.1 parsers (SnakeYAML, PyYAML) must read what we read.
    for (const shared of referencedFiles(file, sources)) {
      // A missing file is reported by the linters as an unresolved $ref.
      if (shared.ok) problems.push(...checkYaml11(shared.file, readFileSync(shared.file, 'utf8')));
    }
    const kind = detectKind(source);
    if (kind === 'openapi') {
      problems.push(...(await lintOpenApi(file, { sources, configPath: options.configPath })));
      problems.push(...(await lintWithSpectral(file, { skip: EXAMPLE_RULES })));
    } else if (kind === 'asyncapi') {
      problems.push(...(await lintAsyncApi(file, { sources })));
      problems.push(...(await lintWithSpectral(file, { skip: EXAMPLE_RULES })));
    } else {
      problems.push(
        source.problemAt(
          [],
          'not an OpenAPI or AsyncAPI document (no `openapi`/`asyncapi` field)',
          'spec-kind',
        ),
      );
    }
  }
  const ownSpecs = DEFAULT_FILES.every((file) =>
    files.some((given) => path.resolve(given) === file),
  );
  if (ownSpecs && !problems.some((problem) => problem.severity === 'error')) {
    problems.push(...checkBundle());
  }
  return { problems: sortProblems(problems), documents: files.length };
}

function checkBundle(): Problem[] {
  try {
    loadSpecs();
    return [];
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    // The bundler knows the file but not the line; the message names the schema or ref.
    const message = error.message.slice(error.message.indexOf(': ') + 2);
    return [{ file: error.file, line: 1, col: 1, severity: 'error', message, rule: 'bundle' }];
  }
}
