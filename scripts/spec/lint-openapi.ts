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
import { isObject, type Json, type JsonObject } from './json.ts';
import type { SourceCache, YamlSource } from './locate.ts';
import type { Problem } from './problems.ts';

export const OPERATION_RULE = 'operation-contract';
export const EXAMPLE_PAIR_RULE = 'example-pairs';

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
  problems.push(...checkExamplePairs(source));
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

/** A `#/...` ref inside the same document, followed (other nodes are returned as they are). */
function local(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  for (let depth = 0; isObject(current) && typeof current.$ref === 'string'; depth++) {
    if (depth > 20 || !current.$ref.startsWith('#/')) return current;
    let target: Json | undefined = doc;
    for (const raw of current.$ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[key] : undefined;
    }
    current = target;
  }
  return current;
}

function exampleNames(doc: JsonObject, holder: Json | undefined): Set<string> {
  const names = new Set<string>();
  const node = local(doc, holder);
  if (!isObject(node)) return names;
  if (isObject(node.examples)) for (const name of Object.keys(node.examples)) names.add(name);
  if (isObject(node.content)) {
    for (const media of Object.values(node.content)) {
      if (isObject(media) && isObject(media.examples)) {
        for (const name of Object.keys(media.examples)) names.add(name);
      }
    }
  }
  return names;
}

/**
 * Example-driven tools (Specmatic, Microcks) pair a request with its response by example
 * name: every named response example needs a request example of the same name in the body
 * and in each required parameter, and every named body example a response example. Error
 * responses carry one unnamed `example`, which such tools leave alone.
 */
export function checkExamplePairs(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const doc = source.value;
  if (!isObject(doc) || !isObject(doc.paths)) return problems;
  for (const [route, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = ['paths', route, method];
      const name = `${method.toUpperCase()} ${route}`;
      const parameters = [item.parameters, operation.parameters]
        .flatMap((list) => (Array.isArray(list) ? list : []))
        .map((parameter) => local(doc, parameter))
        .filter((parameter): parameter is JsonObject => isObject(parameter));
      const sides: Array<{ what: string; names: Set<string> }> = parameters
        .filter((parameter) => parameter.required === true)
        .map((parameter) => ({
          what: `${String(parameter.in)} parameter ${String(parameter.name)}`,
          names: exampleNames(doc, parameter),
        }));
      const body = local(doc, operation.requestBody);
      const bodyNames = exampleNames(doc, body);
      if (isObject(body)) sides.push({ what: 'request body', names: bodyNames });
      const responseNames = new Set<string>();
      const responses = isObject(operation.responses) ? operation.responses : {};
      for (const [status, response] of Object.entries(responses)) {
        for (const example of exampleNames(doc, response)) {
          responseNames.add(example);
          const missing = sides.filter((side) => !side.names.has(example)).map((side) => side.what);
          if (missing.length > 0) {
            problems.push(
              source.problemAt(
                [...at, 'responses', status],
                `${name}: response ${status} example "${example}" has no request example of that name in the ${missing.join(', ')} (example-driven tools pair them by name; an error response takes one unnamed \`example\`)`,
                EXAMPLE_PAIR_RULE,
              ),
            );
          }
        }
      }
      for (const example of bodyNames) {
        if (!responseNames.has(example)) {
          problems.push(
            source.problemAt(
              [...at, 'requestBody'],
              `${name}: request example "${example}" has no response example of that name`,
              EXAMPLE_PAIR_RULE,
            ),
          );
        }
      }
    }
  }
  return problems;
}
