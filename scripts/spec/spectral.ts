// Runs Spectral's own rulesets (`spectral:oas`, `spectral:asyncapi`) on one document, as
// configured by the committed .spectral.yaml, and returns its findings as problems. Errors
// and warnings both fail: the published contract is meant to be silent under the rulesets
// other teams run; informational hints are passed on as infos.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ISpectralDiagnostic, RulesetDefinition } from '@stoplight/spectral-core';
import { parse } from 'yaml';
import type { Problem } from './problems.ts';

// Spectral's packages are CommonJS whose re-exports Node's ESM loader cannot see by name.
const require = createRequire(import.meta.url);
const core: typeof import('@stoplight/spectral-core') = require('@stoplight/spectral-core');
const parsers: typeof import('@stoplight/spectral-parsers') = require('@stoplight/spectral-parsers');
const refResolver: typeof import('@stoplight/spectral-ref-resolver') = require('@stoplight/spectral-ref-resolver');
const rulesets: typeof import('@stoplight/spectral-rulesets') = require('@stoplight/spectral-rulesets');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPECTRAL_RULESET = path.join(ROOT, '.spectral.yaml');

const BUILT_IN: Record<string, RulesetDefinition> = {
  'spectral:oas': rulesets.oas as RulesetDefinition,
  'spectral:asyncapi': rulesets.asyncapi as RulesetDefinition,
};
const SEVERITIES = ['error', 'warn', 'info', 'hint', 'off'];

/**
 * Reads a .spectral.yaml limited to what this loader can honour exactly: `extends` of the
 * built-in rulesets (optionally `[name, recommended|all|off]`) and `rules` that only change a
 * severity. Anything else is refused rather than silently ignored.
 */
export function loadRuleset(file: string = SPECTRAL_RULESET): RulesetDefinition {
  const raw = parse(readFileSync(file, 'utf8')) as unknown;
  const fail = (what: string): never => {
    throw new Error(`${path.relative(process.cwd(), file)}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('not a mapping');
  const { extends: extendsList, rules = {}, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length > 0) fail(`unsupported keys: ${Object.keys(rest).join(', ')}`);
  const entries = Array.isArray(extendsList) ? extendsList : [extendsList];
  const extended = entries.map((entry) => {
    const [name, mode = 'recommended'] = Array.isArray(entry) ? entry : [entry];
    const ruleset = BUILT_IN[String(name)];
    if (!ruleset)
      return fail(`extends ${JSON.stringify(name)}: only ${Object.keys(BUILT_IN).join(', ')}`);
    if (!['recommended', 'all', 'off'].includes(String(mode))) fail(`unknown mode ${mode}`);
    return [ruleset, mode] as [RulesetDefinition, 'recommended' | 'all' | 'off'];
  });
  if (typeof rules !== 'object' || rules === null) return fail('rules must be a mapping');
  for (const [rule, value] of Object.entries(rules)) {
    if (!SEVERITIES.includes(String(value)) && value !== false && value !== true) {
      fail(`rule ${rule}: only a severity (${SEVERITIES.join(', ')}) may be set here`);
    }
  }
  return { extends: extended, rules } as RulesetDefinition;
}

let shared: { spectral: InstanceType<typeof core.Spectral>; file: string } | undefined;

function spectralFor(rulesetFile: string): InstanceType<typeof core.Spectral> {
  if (shared?.file !== rulesetFile) {
    const spectral = new core.Spectral({ resolver: refResolver.httpAndFileResolver });
    spectral.setRuleset(loadRuleset(rulesetFile));
    shared = { spectral, file: rulesetFile };
  }
  return shared.spectral;
}

/**
 * Spectral's example rules, which spec:lint replaces with its own example check (one ajv for
 * both documents, file:line in the file the example is written in) so that one bad example
 * is reported once. The interop gate keeps them on the bundles.
 */
export const EXAMPLE_RULES = new Set([
  'oas3-valid-media-example',
  'oas3-valid-schema-example',
  'asyncapi-message-examples',
  'asyncapi-payload-examples',
  'asyncapi-schema-examples',
]);

export interface SpectralOptions {
  rulesetFile?: string;
  /** Rule codes whose findings are dropped (another check reports them). */
  skip?: ReadonlySet<string>;
}

export async function lintWithSpectral(
  file: string,
  options: SpectralOptions = {},
): Promise<Problem[]> {
  const { rulesetFile = SPECTRAL_RULESET, skip = new Set<string>() } = options;
  const absolute = path.resolve(file);
  const text = readFileSync(absolute, 'utf8');
  // The YAML parser for JSON too, as the Spectral CLI does (JSON is YAML 1.2).
  const document = new core.Document(text, parsers.Yaml, absolute);
  let results: ISpectralDiagnostic[];
  try {
    results = await spectralFor(rulesetFile).run(document);
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n')[0] ?? '';
    return [{ file: absolute, line: 1, col: 1, severity: 'error', message, rule: 'spectral' }];
  }
  return results
    .filter((result) => !skip.has(String(result.code)))
    .map((result) => ({
      file: result.source ? path.resolve(result.source) : absolute,
      line: result.range.start.line + 1,
      col: result.range.start.character + 1,
      // DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
      severity: result.severity <= 1 ? 'error' : 'info',
      message: `${result.message}${result.severity === 1 ? ' (a Spectral warning)' : ''}`,
      rule: String(result.code),
    }));
}
