// Writes the JSON Schema of every REST request part, REST response and socket payload
// (generated/schemas.json; which ones: validator-entries.ts) and compiles them ahead of time into standalone ajv validators
// (generated/validators.js + .d.ts), so neither the server nor the conformance runner
// compiles a schema per request or loads YAML at run time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';
import type { JsonObject } from '../spec/json.ts';
import { payloadTypeName } from './naming.ts';
import type { SocketEvent } from './socket-model.ts';
import { ASYNCAPI_ID, OPENAPI_ID, type ValidatorEntry } from './validator-entries.ts';

export {
  ASYNCAPI_ID,
  anchor,
  collectValidators,
  OPENAPI_ID,
  type ValidatorEntry,
  type ValidatorTarget,
} from './validator-entries.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function emitSchemasJson(entries: ValidatorEntry[]): JsonObject {
  const out: JsonObject = {};
  for (const entry of entries) out[entry.exportName] = entry.schema;
  return out;
}

/**
 * validators.js: one standalone ajv validator per distinct schema (the ~100 error responses
 * share one), every entry exported under its own name, and ajv's run-time helpers (string
 * length, the date-time and uri formats) bundled in, so the module imports nothing: it runs
 * in Node and in a browser bundle alike.
 */
export async function emitValidatorsJs(
  openapi: JsonObject,
  asyncapi: JsonObject,
  entries: ValidatorEntry[],
): Promise<string> {
  const ajv = new Ajv2020({
    code: { source: true, esm: true, lines: false },
    strict: false,
    // Every problem of a request is reported (src/validation-errors.ts caps the list).
    allErrors: true,
    // Validators must be byte-identical run to run.
    schemaId: '$id',
  });
  addFormats.default(ajv);
  ajv.addFormat('binary', true);
  // One base URI for everything, so that `openapi.json#/...` in an entry resolves against
  // the document added here, exactly as it resolves beside generated/schemas.json on disk.
  const base = 'https://chat-contract.invalid/';
  ajv.addSchema({ ...openapi, $id: `${base}${OPENAPI_ID}` } as object);
  ajv.addSchema({ ...asyncapi, $id: `${base}${ASYNCAPI_ID}` } as object);
  const mapping: Record<string, string> = {};
  const compiledAs = new Map<string, string>();
  const aliases: string[] = [];
  for (const entry of entries) {
    const key = JSON.stringify(entry.schema);
    const same = compiledAs.get(key);
    if (same !== undefined) {
      aliases.push(`export const ${entry.exportName} = ${same};`);
      continue;
    }
    compiledAs.set(key, entry.exportName);
    const id = `${base}${entry.exportName}.json`;
    ajv.addSchema({ ...(entry.schema as JsonObject), $id: id } as object);
    mapping[entry.exportName] = id;
  }
  const code = standaloneCode.default(ajv, mapping);
  // ajv's ESM output still require()s its helpers; bundling them in leaves no import at all.
  const bundled = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'js', sourcefile: 'validators.js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    legalComments: 'inline',
    // ajv's output is one line per module anyway; printing it spread out triples its size.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  const [output] = bundled.outputFiles;
  if (!output) throw new Error('esbuild produced no validators.js');
  return `${output.text.trimEnd()}\n${aliases.join('\n')}\n${emitLookup(entries)}`;
}

interface RestGroup {
  /** `path`, `query`, `body`: export name. */
  fixed: [string, string][];
  /** status: export name. */
  responses: [number, string][];
}

/** The validators of each REST operation, in entry order. */
function restGroups(entries: ValidatorEntry[]): Map<string, RestGroup> {
  const groups = new Map<string, RestGroup>();
  for (const { target, exportName } of entries) {
    if (target.kind !== 'rest') continue;
    let group = groups.get(target.operationId);
    if (!group) {
      group = { fixed: [], responses: [] };
      groups.set(target.operationId, group);
    }
    if (target.part === 'response') group.responses.push([target.status, exportName]);
    else group.fixed.push([target.part, exportName]);
  }
  return groups;
}

function socketEntries(entries: ValidatorEntry[]): [string, string][] {
  return entries.flatMap(({ target, exportName }) =>
    target.kind === 'socket' ? [[target.event, exportName] as [string, string]] : [],
  );
}

/** `socketValidators[event]` and `restValidators[operationId]` over the named exports. */
function emitLookup(entries: ValidatorEntry[]): string {
  const socketLines = socketEntries(entries).map(([event, name]) => `  ${event}: ${name},`);
  const restLines = [...restGroups(entries)].map(([op, { fixed, responses }]) => {
    const parts = fixed.map(([part, name]) => `${part}: ${name}`);
    const statuses = responses.map(([status, name]) => `${status}: ${name}`);
    return `  ${op}: { ${[...parts, `responses: { ${statuses.join(', ')} }`].join(', ')} },`;
  });
  return `export const socketValidators = {\n${socketLines.join('\n')}\n};\nexport const restValidators = {\n${restLines.join('\n')}\n};\n`;
}

export function emitValidatorsDts(entries: ValidatorEntry[], events: SocketEvent[]): string {
  const socketImports = events
    .filter((e) => e.payload !== null)
    .map((e) => payloadTypeName(e.name))
    .sort();
  const lines = entries.map(
    (entry) => `export declare const ${entry.exportName}: ValidateFunction<${entry.type}>;`,
  );
  lines.push(
    `export declare const socketValidators: {\n${socketEntries(entries)
      .map(([event, name]) => `  ${event}: typeof ${name};`)
      .join('\n')}\n};`,
  );
  const restLines = [...restGroups(entries)].map(([op, { fixed, responses }]) => {
    return `  ${op}: { ${[
      ...fixed.map(([part, name]) => `${part}: typeof ${name};`),
      `responses: { ${responses.map(([status, name]) => `${status}: typeof ${name};`).join(' ')} };`,
    ].join(' ')} };`;
  });
  lines.push(`export declare const restValidators: {\n${restLines.join('\n')}\n};`);
  return [
    `import type { ValidateFunction } from 'ajv';`,
    `import type { operations } from './rest.ts';`,
    `import type {\n${socketImports.map((name) => `  ${name},`).join('\n')}\n} from './events.ts';`,
    '',
    ...lines,
    '',
  ].join('\n');
}
