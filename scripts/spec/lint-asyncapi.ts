// Lints one AsyncAPI 3.0 document: the official parser's validation, this project's
// audience contract (`x-audience` on server sends, `x-emits` on client events), and example
// validation. Returns problems; never throws for a bad spec.
import path from 'node:path';
import { type Diagnostic, fromFile, Parser } from '@asyncapi/parser';
import { AUDIENCES, isAudience } from './audience.ts';
import { checkExamples } from './examples.ts';
import { isObject, type Json, type JsonObject } from './json.ts';
import { type KeyPath, pointerToPath, type SourceCache, type YamlSource } from './locate.ts';
import type { Problem, Severity } from './problems.ts';

export const AUDIENCE_RULE = 'x-audience';
export const EMITS_RULE = 'x-emits';

export interface AsyncApiLintOptions {
  sources: SourceCache;
}

// Spectral's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
const SEVERITIES: Record<number, Severity> = { 0: 'error', 1: 'warning', 2: 'info', 3: 'info' };

let sharedParser: Parser | undefined;

export async function lintAsyncApi(file: string, options: AsyncApiLintOptions): Promise<Problem[]> {
  const absolute = path.resolve(file);
  const source = options.sources.get(absolute);
  if (!source.ok) return [...source.problems];
  const problems: Problem[] = [...source.problems];
  problems.push(...(await parserDiagnostics(absolute)));
  problems.push(...checkAudiences(source, options.sources));
  problems.push(...checkExamples(absolute, 'asyncapi', options.sources));
  return problems;
}

async function parserDiagnostics(file: string): Promise<Problem[]> {
  // Building the parser loads Spectral's rulesets: once per process is enough.
  sharedParser ??= new Parser();
  let diagnostics: Diagnostic[];
  try {
    diagnostics = await fromFile(sharedParser, file).validate();
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n')[0] ?? '';
    return [{ file, line: 1, col: 1, severity: 'error', message, rule: 'asyncapi-parser' }];
  }
  return diagnostics.map((diagnostic) => ({
    file: diagnostic.source ? path.resolve(diagnostic.source) : file,
    line: diagnostic.range.start.line + 1,
    col: diagnostic.range.start.character + 1,
    severity: SEVERITIES[diagnostic.severity] ?? 'error',
    message: diagnostic.message,
    rule: String(diagnostic.code ?? 'asyncapi-parser'),
  }));
}

interface Resolved {
  source: YamlSource;
  keys: KeyPath;
  value: Json | undefined;
}

/** Follows a `$ref` chain (internal or to another file) to the node it names. */
function resolve(
  sources: SourceCache,
  from: YamlSource,
  node: Json | undefined,
): Resolved | undefined {
  let source = from;
  let keys: KeyPath = [];
  let value = node;
  for (let depth = 0; isObject(value) && typeof value.$ref === 'string'; depth++) {
    if (depth > 20) return undefined;
    const [relative = '', pointer = ''] = value.$ref.split('#');
    if (relative) source = sources.get(path.resolve(path.dirname(source.file), relative));
    keys = pointerToPath(pointer);
    value = source.value;
    for (const key of keys)
      value = isObject(value) ? value[key] : Array.isArray(value) ? value[Number(key)] : undefined;
  }
  return value === undefined ? undefined : { source, keys, value };
}

/** The Socket.IO event name of a message: its `name`, else its key under `messages`. */
function eventName(message: Resolved): string | undefined {
  if (isObject(message.value) && typeof message.value.name === 'string') return message.value.name;
  const last = message.keys[message.keys.length - 1];
  return last === undefined ? undefined : String(last);
}

/**
 * `action: send` operations say who receives their event (`x-audience`); `action: receive`
 * operations list every server event they can cause and its audience (`x-emits`), naming
 * only events some send operation actually emits. Codegen, the reference server and the
 * conformance runner all route on these fields, so a gap here is a gap in all three.
 */
export function checkAudiences(source: YamlSource, sources: SourceCache): Problem[] {
  const problems: Problem[] = [];
  const doc = source.value;
  if (!isObject(doc) || !isObject(doc.operations)) return problems;
  const operations = Object.entries(doc.operations).filter((entry): entry is [string, JsonObject] =>
    isObject(entry[1]),
  );
  const report = (keys: KeyPath, message: string, rule: string) =>
    problems.push(source.problemAt(keys, message, rule));

  const serverEvents = new Set<string>();
  for (const [, operation] of operations) {
    if (operation.action !== 'send' || !Array.isArray(operation.messages)) continue;
    for (const ref of operation.messages) {
      const message = resolve(sources, source, ref);
      const name = message && eventName(message);
      if (name) serverEvents.add(name);
    }
  }

  const choices = AUDIENCES.join(', ');
  for (const [id, operation] of operations) {
    const at = ['operations', id];
    if (operation.action === 'send') {
      const audience = operation['x-audience'];
      if (audience === undefined) {
        report(at, `send operation "${id}" has no x-audience (one of ${choices})`, AUDIENCE_RULE);
      } else if (!isAudience(audience)) {
        report(
          [...at, 'x-audience'],
          `x-audience of "${id}" is ${JSON.stringify(audience)}, expected one of ${choices}`,
          AUDIENCE_RULE,
        );
      }
    } else if (operation.action === 'receive') {
      const emits = operation['x-emits'];
      if (emits === undefined) {
        report(at, `receive operation "${id}" has no x-emits (list of {event, to})`, EMITS_RULE);
        continue;
      }
      if (!Array.isArray(emits)) {
        report([...at, 'x-emits'], `x-emits of "${id}" must be a list of {event, to}`, EMITS_RULE);
        continue;
      }
      emits.forEach((entry, index) => {
        const keys = [...at, 'x-emits', index];
        if (!isObject(entry)) {
          report(keys, `x-emits of "${id}" entry ${index} must be {event, to}`, EMITS_RULE);
          return;
        }
        const extra = Object.keys(entry).filter((key) => key !== 'event' && key !== 'to');
        if (extra.length > 0) {
          report(
            [...keys, extra[0] ?? ''],
            `x-emits entry has unknown field "${extra[0]}"`,
            EMITS_RULE,
          );
        }
        if (typeof entry.event !== 'string') {
          report(keys, `x-emits of "${id}" entry ${index} has no event`, EMITS_RULE);
        } else if (!serverEvents.has(entry.event)) {
          report(
            [...keys, 'event'],
            `x-emits of "${id}" names "${entry.event}", which no send operation emits`,
            EMITS_RULE,
          );
        }
        if (!isAudience(entry.to)) {
          report(
            entry.to === undefined ? keys : [...keys, 'to'],
            `x-emits of "${id}" entry ${index} has to: ${JSON.stringify(entry.to ?? null)}, expected one of ${choices}`,
            EMITS_RULE,
          );
        }
      });
    }
  }
  return problems;
}
