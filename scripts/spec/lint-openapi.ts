// Lints one OpenAPI 3.1 document: Redocly's rules (configured by redocly.yaml), this
// project's operation contract, and example validation. Returns problems; never throws for
// a bad spec.
import path from 'node:path';
import {
  getLineColLocation,
  lint,
  loadConfig,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import { checkExamples } from './examples.ts';
import { isObject, type Json } from './json.ts';
import type { SourceCache, YamlSource } from './locate.ts';
import type { Problem } from './problems.ts';

export const OPERATION_RULE = 'operation-contract';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Redocly rules that our own checks replace, so that one defect is reported once: examples
// are checked by examples.ts (one ajv for both documents), and operationId/summary/2xx by
// the operation contract below, which cannot be switched off from redocly.yaml.
export const REPLACED_REDOCLY_RULES = [
  'no-invalid-media-type-examples',
  'no-invalid-parameter-examples',
  'no-invalid-schema-examples',
  'operation-operationId',
  'operation-summary',
  'operation-2xx-response',
];

export interface OpenApiLintOptions {
  /** A redocly.yaml; Redocly's defaults when omitted. */
  configPath?: string;
  sources: SourceCache;
}

export async function lintOpenApi(file: string, options: OpenApiLintOptions): Promise<Problem[]> {
  const absolute = path.resolve(file);
  const source = options.sources.get(absolute);
  // Redocly throws on unparsable YAML; the parse problems are the whole story then.
  if (!source.ok) return [...source.problems];
  const problems: Problem[] = [...source.problems];
  problems.push(...(await redocly(absolute, options.configPath)));
  problems.push(...checkOperations(source));
  problems.push(...checkExamples(absolute, 'openapi', options.sources));
  return problems;
}

async function redocly(file: string, configPath: string | undefined): Promise<Problem[]> {
  try {
    const config = await loadConfig(configPath ? { configPath } : {});
    config.skipRules(REPLACED_REDOCLY_RULES);
    const results = await lint({ ref: file, config });
    return results
      .filter((problem) => !problem.ignored)
      .map((problem) => fromRedocly(problem, file));
  } catch (error) {
    // A broken referenced file or config surfaces as an exception: report, don't crash.
    const located = error as { source?: { absoluteRef?: string }; line?: number; col?: number };
    return [
      {
        file: located.source?.absoluteRef ?? file,
        line: located.line ?? 1,
        col: located.col ?? 1,
        severity: 'error',
        message: ((error as Error).message ?? String(error)).split('\n')[0] ?? '',
        rule: 'redocly',
      },
    ];
  }
}

function fromRedocly(problem: NormalizedProblem, file: string): Problem {
  const location = problem.location[0];
  const { start } = location ? getLineColLocation(location) : { start: { line: 1, col: 1 } };
  return {
    file: location?.source.absoluteRef ?? file,
    line: start.line,
    col: start.col,
    severity: problem.severity === 'error' ? 'error' : 'warning',
    message: problem.message,
    rule: problem.ruleId,
  };
}

function nonEmptyString(value: Json | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Every operation carries what codegen, docs and conformance key on: an operationId, a
 * summary, at least one tag, a 2xx response and a 500 response.
 */
export function checkOperations(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const doc = source.value;
  if (!isObject(doc) || !isObject(doc.paths)) return problems;
  for (const [route, item] of Object.entries(doc.paths)) {
    if (!isObject(item) || typeof item.$ref === 'string') continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = ['paths', route, method];
      const name = `${method.toUpperCase()} ${route}`;
      const report = (keys: string[], message: string) =>
        problems.push(source.problemAt([...at, ...keys], `${name}: ${message}`, OPERATION_RULE));
      if (!nonEmptyString(operation.operationId)) report(['operationId'], 'has no operationId');
      if (!nonEmptyString(operation.summary)) report(['summary'], 'has no summary');
      const tags = operation.tags;
      if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => nonEmptyString(tag))) {
        report(['tags'], 'has no tags');
      }
      const responses = isObject(operation.responses) ? Object.keys(operation.responses) : [];
      if (!responses.some((status) => /^2(\d\d|XX)$/.test(status))) {
        report(['responses'], 'has no 2xx response');
      }
      if (!responses.includes('500')) report(['responses'], 'has no 500 response');
    }
  }
  return problems;
}
