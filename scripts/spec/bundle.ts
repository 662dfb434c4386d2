// Loads spec/openapi.yaml and spec/asyncapi.yaml and bundles each into one self-contained
// document: every `$ref` into spec/schemas/ becomes a named `#/components/schemas/<Name>`
// (file name for whole-file refs, last pointer segment for `common.yaml#/Name`), so both
// documents expose the same shared schemas under the same names. Deterministic: same input,
// same output, key order preserved. Used by codegen, lint and docs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { isObject, type Json, type JsonObject } from './json.ts';

export const SPEC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../spec');
export const OPENAPI_FILE = path.join(SPEC_DIR, 'openapi.yaml');
export const ASYNCAPI_FILE = path.join(SPEC_DIR, 'asyncapi.yaml');

export type { Json, JsonObject } from './json.ts';

/** A spec problem located in a file, reported as `file:line message` by the tools. */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${path.relative(process.cwd(), file)}: ${message}`);
    this.name = 'SpecError';
  }
}

function readYaml(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SpecError(file, 'cannot read file');
  }
  try {
    return parse(text, { prettyErrors: true }) as Json;
  } catch (error) {
    throw new SpecError(file, (error as Error).message);
  }
}

function resolvePointer(doc: Json, pointer: string, file: string): Json {
  let node: Json | undefined = doc;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    if (node === undefined) throw new SpecError(file, `unresolved $ref pointer #${pointer}`);
  }
  return node;
}

/**
 * Bundles one root document. External refs are hoisted into components.schemas; a name
 * clash between two different targets is an error (names are the public type names).
 */
function bundle(rootFile: string): JsonObject {
  const root = readYaml(rootFile);
  if (!isObject(root)) throw new SpecError(rootFile, 'document is not a mapping');
  const cache = new Map<string, Json>();
  const hoisted = new Map<string, { key: string; schema: Json }>();

  const load = (file: string): Json => {
    let doc = cache.get(file);
    if (doc === undefined) {
      doc = readYaml(file);
      cache.set(file, doc);
    }
    return doc;
  };

  const rewrite = (node: Json, file: string): Json => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, file));
    if (!isObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      const [relative = '', pointer = ''] = ref.split('#');
      const target = path.resolve(path.dirname(file), relative);
      const key = `${target}#${pointer}`;
      const name = pointer
        ? (pointer.split('/').pop() ?? '')
        : path.basename(target).replace(/\.ya?ml$/, '');
      const existing = hoisted.get(name);
      if (existing && existing.key !== key) {
        throw new SpecError(file, `schema name "${name}" used by two different $ref targets`);
      }
      if (!existing) {
        hoisted.set(name, { key, schema: null });
        const target_ = resolvePointer(load(target), pointer, target);
        // Refs inside the shared file are relative to it: `#/X` means that file's X.
        const schema = rewrite(localToFile(target_, target), target);
        hoisted.set(name, { key, schema });
      }
      const { $ref: _ignored, ...siblings } = node;
      const out: JsonObject = { $ref: `#/components/schemas/${name}` };
      for (const [k, v] of Object.entries(siblings)) out[k] = rewrite(v, file);
      return out;
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) out[k] = rewrite(v, file);
    return out;
  };

  // Inside a shared file, `#/Name` refers to that file; make it an explicit external ref.
  const localToFile = (node: Json, file: string): Json => {
    if (Array.isArray(node)) return node.map((item) => localToFile(item, file));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === '$ref' && typeof v === 'string' && v.startsWith('#')
          ? `./${path.basename(file)}${v}`
          : localToFile(v, file);
    }
    return out;
  };

  const result = rewrite(root, rootFile) as JsonObject;
  const components = isObject(result.components) ? result.components : {};
  const schemas: JsonObject = isObject(components.schemas) ? { ...components.schemas } : {};
  // Root-level aliases such as `Message: {$ref: './schemas/Message.yaml'}` would point at
  // themselves once hoisted: the hoisted schema replaces the alias.
  for (const [name, { schema }] of [...hoisted.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    schemas[name] = schema;
  }
  result.components = { ...components, schemas };
  return result;
}

export interface Specs {
  openapi: JsonObject;
  asyncapi: JsonObject;
}

/** Bundles both documents of a spec folder (default: this repository's spec/). */
export function loadSpecs(specDir: string = SPEC_DIR): Specs {
  return {
    openapi: bundle(path.join(specDir, path.basename(OPENAPI_FILE))),
    asyncapi: bundle(path.join(specDir, path.basename(ASYNCAPI_FILE))),
  };
}
