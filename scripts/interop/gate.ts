// The interop gate: the published bundles (generated/openapi.json, generated/asyncapi.json)
// through the tools other teams feed them to, each at a pinned version:
// - @asyncapi/parser with its default rulesets: what `asyncapi validate` (AsyncAPI CLI)
//   runs, without installing the CLI (~800 MB, Node 24);
// - Redocly recommended-strict (redocly.yaml), including the example rules spec:lint leaves
//   to its own checker;
// - Spectral `spectral:oas` / `spectral:asyncapi` (.spectral.yaml), warnings failing too;
// - Modelina's TypeScript generator: named models, required fields kept required.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromFile, Parser } from '@asyncapi/parser';
import { getLineColLocation, lint, loadConfig } from '@redocly/openapi-core';
import type { Problem, Severity } from '../spec/problems.ts';
import { lintWithSpectral } from '../spec/spectral.ts';
import { checkModelina, ensureModelina } from './modelina.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLES = {
  openapi: path.join(ROOT, 'generated/openapi.json'),
  asyncapi: path.join(ROOT, 'generated/asyncapi.json'),
};
const REDOCLY_CONFIG = path.join(ROOT, 'redocly.yaml');

export interface ToolResult {
  tool: string;
  version: string;
  file: string;
  problems: Problem[];
}

const require = createRequire(import.meta.url);
function versionOf(name: string): string {
  const main = require.resolve(name);
  // Walk up from the entry point to the package's own package.json.
  for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name) return pkg.version ?? '?';
    } catch {
      // no package.json at this level
    }
  }
  return '?';
}

// Spectral's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint. Warnings fail.
const PARSER_SEVERITY: Record<number, Severity> = { 0: 'error', 1: 'error', 2: 'info', 3: 'info' };

export async function asyncApiParser(file: string): Promise<Problem[]> {
  const diagnostics = await fromFile(new Parser(), file).validate();
  return diagnostics.map((diagnostic) => ({
    file,
    line: diagnostic.range.start.line + 1,
    col: diagnostic.range.start.character + 1,
    severity: PARSER_SEVERITY[diagnostic.severity] ?? 'error',
    message: diagnostic.message,
    rule: String(diagnostic.code ?? 'asyncapi-parser'),
  }));
}

export async function redoclyStrict(file: string): Promise<Problem[]> {
  const config = await loadConfig({ configPath: REDOCLY_CONFIG });
  const results = await lint({ ref: file, config });
  return results
    .filter((problem) => !problem.ignored)
    .map((problem) => {
      const location = problem.location[0];
      const { start } = location ? getLineColLocation(location) : { start: { line: 1, col: 1 } };
      return {
        file,
        line: start.line,
        col: start.col,
        // recommended-strict makes every rule an error; a warning here still fails the gate.
        severity: problem.severity === 'error' || problem.severity === 'warn' ? 'error' : 'info',
        message: problem.message,
        rule: problem.ruleId,
      } satisfies Problem;
    });
}

export interface GateOptions {
  openapi?: string;
  asyncapi?: string;
  log?: (line: string) => void;
}

/** Every tool on both bundles; each result names the tool, its version and the file. */
export async function runGate(options: GateOptions = {}): Promise<ToolResult[]> {
  const openapi = path.resolve(options.openapi ?? BUNDLES.openapi);
  const asyncapi = path.resolve(options.asyncapi ?? BUNDLES.asyncapi);
  const modelinaVersion = ensureModelina(options.log);
  const spectral = `spectral-core ${versionOf('@stoplight/spectral-core')}, rulesets ${versionOf('@stoplight/spectral-rulesets')}`;
  const results: ToolResult[] = [];
  const run = async (
    tool: string,
    version: string,
    file: string,
    check: () => Promise<Problem[]>,
  ) => {
    let problems: Problem[];
    try {
      problems = await check();
    } catch (error) {
      const message = ((error as Error).message ?? String(error)).split('\n')[0] ?? '';
      problems = [{ file, line: 1, col: 1, severity: 'error', message, rule: tool }];
    }
    results.push({ tool, version, file, problems });
  };
  await run('@asyncapi/parser', versionOf('@asyncapi/parser'), asyncapi, () =>
    asyncApiParser(asyncapi),
  );
  await run('redocly recommended-strict', versionOf('@redocly/openapi-core'), openapi, () =>
    redoclyStrict(openapi),
  );
  await run('spectral:oas', spectral, openapi, () => lintWithSpectral(openapi));
  await run('spectral:asyncapi', spectral, asyncapi, () => lintWithSpectral(asyncapi));
  await run('modelina typescript', modelinaVersion, openapi, () => checkModelina(openapi));
  await run('modelina typescript', modelinaVersion, asyncapi, () => checkModelina(asyncapi));
  return results;
}

export function failed(results: readonly ToolResult[]): boolean {
  return results.some((result) => result.problems.some((problem) => problem.severity === 'error'));
}
