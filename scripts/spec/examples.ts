// Checks that every example in an OpenAPI 3.1 or AsyncAPI 3.0 document, and in the shared
// schema files it references, validates against its schema. The raw files (not a bundle) are
// walked so each problem points at the line the example was written on; ajv resolves `$ref`s
// across files because every file is registered under its own file URL.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isObject, type Json, type JsonObject } from './json.ts';
import { type KeyPath, pathToPointer, pointerToPath, type SourceCache } from './locate.ts';
import type { Problem } from './problems.ts';

export type DocumentKind = 'openapi' | 'asyncapi';

export const EXAMPLE_RULE = 'example-valid';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Keywords whose value is a subschema, a list of them, or a map of them: the places a
// schema-level `examples` array can hide.
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_MAPS = [
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
];

interface Location {
  file: string;
  keys: KeyPath;
}

export function checkExamples(
  rootFile: string,
  kind: DocumentKind,
  sources: SourceCache,
): Problem[] {
  return new ExampleChecker(sources, kind).run(path.resolve(rootFile));
}

class ExampleChecker {
  private readonly problems: Problem[] = [];
  private readonly ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
  });
  private readonly registered = new Set<string>();
  private readonly visitedSchemas = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction | string>();
  private readonly pendingShared: Location[] = [];
  private readonly brokenFiles = new Set<string>();
  private readonly uncheckable = new Set<string>();
  private rootFile = '';

  constructor(
    private readonly sources: SourceCache,
    private readonly kind: DocumentKind,
  ) {
    addFormats.default(this.ajv);
  }

  run(rootFile: string): Problem[] {
    this.rootFile = rootFile;
    const doc = this.register(rootFile);
    if (!isObject(doc)) return this.problems;
    if (this.kind === 'openapi') this.walkOpenApi(rootFile, doc);
    else this.walkAsyncApi(rootFile, doc);
    // Shared files are discovered through `$ref`s while walking; they may reference more.
    for (let next = this.pendingShared.shift(); next; next = this.pendingShared.shift()) {
      this.walkSharedTarget(next);
    }
    return this.problems;
  }

  /** Parses `file` and makes it addressable by ajv as `file:///...`; undefined if unusable. */
  private register(file: string): Json | undefined {
    const source = this.sources.get(file);
    const url = pathToFileURL(file).href;
    if (!source.ok) {
      // A shared file's own syntax errors are only seen here (the root's are reported by
      // the caller); the document linters report the `$ref`s that point at it.
      if (!this.brokenFiles.has(url) && file !== this.rootFile) {
        this.problems.push(...source.problems);
      }
      this.brokenFiles.add(url);
      return undefined;
    }
    if (this.registered.has(url) || this.brokenFiles.has(url)) return source.value;
    if (!isObject(source.value)) return source.value;
    try {
      // Whole documents are registered (not only their schemas) so that a JSON pointer from
      // the document root resolves with ajv's normal `$ref` rules; they are not schemas
      // themselves, hence no meta-schema validation.
      this.ajv.addSchema(source.value, url, undefined, false);
      this.registered.add(url);
    } catch (error) {
      // e.g. two schemas claiming the same `$id`: examples that need this file go unchecked.
      this.brokenFiles.add(url);
      const message = `cannot load for example checks: ${(error as Error).message}`;
      this.problems.push(source.problemAt([], message, EXAMPLE_RULE));
    }
    return source.value;
  }

  // ---------------------------------------------------------------- OpenAPI 3.1

  private walkOpenApi(file: string, doc: JsonObject): void {
    for (const group of ['paths', 'webhooks'] as const) {
      const items = doc[group];
      if (!isObject(items)) continue;
      for (const [name, item] of Object.entries(items)) {
        if (isObject(item)) this.pathItem(file, [group, name], item);
      }
    }
    const components = doc.components;
    if (!isObject(components)) return;
    const each = (section: string, visit: (keys: KeyPath, node: JsonObject) => void) => {
      const entries = components[section];
      if (!isObject(entries)) return;
      for (const [name, node] of Object.entries(entries)) {
        if (isObject(node) && typeof node.$ref !== 'string') {
          visit(['components', section, name], node);
        }
      }
    };
    each('schemas', (keys) => this.schema({ file, keys }));
    each('parameters', (keys, node) => this.parameter(file, keys, node));
    each('headers', (keys, node) => this.parameter(file, keys, node));
    each('requestBodies', (keys, node) => this.content(file, keys, node));
    each('responses', (keys, node) => this.response(file, keys, node));
    each('pathItems', (keys, node) => this.pathItem(file, keys, node));
  }

  private pathItem(file: string, keys: KeyPath, item: JsonObject): void {
    if (typeof item.$ref === 'string') return;
    this.parameters(file, [...keys, 'parameters'], item.parameters);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = [...keys, method];
      this.parameters(file, [...at, 'parameters'], operation.parameters);
      const body = operation.requestBody;
      if (isObject(body) && typeof body.$ref !== 'string') {
        this.content(file, [...at, 'requestBody'], body);
      }
      const responses = operation.responses;
      if (!isObject(responses)) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (isObject(response) && typeof response.$ref !== 'string') {
          this.response(file, [...at, 'responses', status], response);
        }
      }
    }
  }

  private parameters(file: string, keys: KeyPath, list: Json | undefined): void {
    if (!Array.isArray(list)) return;
    list.forEach((parameter, index) => {
      if (isObject(parameter) && typeof parameter.$ref !== 'string') {
        this.parameter(file, [...keys, index], parameter);
      }
    });
  }

  private response(file: string, keys: KeyPath, response: JsonObject): void {
    this.content(file, keys, response);
    const headers = response.headers;
    if (!isObject(headers)) return;
    for (const [name, header] of Object.entries(headers)) {
      if (isObject(header) && typeof header.$ref !== 'string') {
        this.parameter(file, [...keys, 'headers', name], header);
      }
    }
  }

  /** A parameter or header: a schema with example(s), or a `content` map. */
  private parameter(file: string, keys: KeyPath, node: JsonObject): void {
    if (node.schema !== undefined) this.mediaLike(file, keys, node);
    this.content(file, keys, node);
  }

  private content(file: string, keys: KeyPath, node: JsonObject): void {
    const content = node.content;
    if (!isObject(content)) return;
    for (const [mediaType, media] of Object.entries(content)) {
      if (isObject(media)) this.mediaLike(file, [...keys, 'content', mediaType], media);
    }
  }

  /** A media type object, or a parameter/header with `schema`: `example` and `examples`. */
  private mediaLike(file: string, keys: KeyPath, node: JsonObject): void {
    // Without a schema there is nothing to check the examples against.
    if (node.schema === undefined) return;
    const schema: Location = { file, keys: [...keys, 'schema'] };
    this.schema(schema);
    if (node.example !== undefined) {
      this.exampleAt(schema, { file, keys: [...keys, 'example'] }, 'example');
    }
    const examples = node.examples;
    if (!isObject(examples)) return;
    for (const [name, example] of Object.entries(examples)) {
      const target = this.followRef({ file, keys: [...keys, 'examples', name] }, example);
      if (!target) continue;
      const value = this.valueAt(target);
      // `externalValue` examples live outside the spec; only inline values are checked.
      if (!isObject(value) || value.value === undefined) continue;
      const at = { file: target.file, keys: [...target.keys, 'value'] };
      this.exampleAt(schema, at, `example "${name}"`);
    }
  }

  // ---------------------------------------------------------------- AsyncAPI 3.0

  private walkAsyncApi(file: string, doc: JsonObject): void {
    const channels = doc.channels;
    if (isObject(channels)) {
      for (const [channelName, channel] of Object.entries(channels)) {
        if (!isObject(channel) || !isObject(channel.messages)) continue;
        for (const [name, message] of Object.entries(channel.messages)) {
          if (isObject(message) && typeof message.$ref !== 'string') {
            this.message(file, ['channels', channelName, 'messages', name], message);
          }
        }
      }
    }
    const components = doc.components;
    if (!isObject(components)) return;
    if (isObject(components.schemas)) {
      for (const [name, schema] of Object.entries(components.schemas)) {
        if (isObject(schema)) this.asyncSchema({ file, keys: ['components', 'schemas', name] });
      }
    }
    if (isObject(components.messages)) {
      for (const [name, message] of Object.entries(components.messages)) {
        if (isObject(message) && typeof message.$ref !== 'string') {
          this.message(file, ['components', 'messages', name], message);
        }
      }
    }
  }

  private message(file: string, keys: KeyPath, message: JsonObject): void {
    // null: the part has a schema in a format ajv cannot check (Avro, RAML, ...).
    const schemas: Record<'payload' | 'headers', Location | null | undefined> = {
      payload: undefined,
      headers: undefined,
    };
    for (const part of ['payload', 'headers'] as const) {
      if (message[part] !== undefined) {
        schemas[part] = this.asyncSchema({ file, keys: [...keys, part] });
      }
    }
    const examples = message.examples;
    if (!Array.isArray(examples)) return;
    examples.forEach((example, index) => {
      if (!isObject(example)) return;
      const label =
        typeof example.name === 'string' ? `example "${example.name}"` : `example ${index}`;
      for (const part of ['payload', 'headers'] as const) {
        const value = example[part];
        if (value === undefined) continue;
        const at = { file, keys: [...keys, 'examples', index, part] };
        const schema = schemas[part];
        if (schema === undefined) {
          this.report(at, `${label} has a ${part} but the message defines none`);
        } else if (schema !== null) {
          this.validate(schema, at, value, `${label} ${part}`);
        }
      }
    });
  }

  /** An AsyncAPI schema may be a multi-format wrapper `{schemaFormat, schema}`. */
  private asyncSchema(at: Location): Location | null {
    const node = this.valueAt(at);
    if (isObject(node) && typeof node.schemaFormat === 'string' && node.schema !== undefined) {
      if (!/^application\/(vnd\.aai\.asyncapi|schema)\b/.test(node.schemaFormat)) return null;
      const inner = { file: at.file, keys: [...at.keys, 'schema'] };
      this.schema(inner);
      return inner;
    }
    this.schema(at);
    return at;
  }

  // ---------------------------------------------------------------- schemas (both)

  /** Walks one schema: its own `examples`, its subschemas, and the shared files it names. */
  private schema(at: Location): void {
    const key = `${at.file}#${pathToPointer(at.keys)}`;
    if (this.visitedSchemas.has(key)) return;
    this.visitedSchemas.add(key);
    const node = this.valueAt(at);
    if (!isObject(node)) return;

    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
      const [relative = '', pointer = ''] = node.$ref.split('#');
      const target = path.resolve(path.dirname(at.file), relative);
      const keys = pointerToPath(pointer);
      this.pendingShared.push({ file: target, keys });
    }
    if (Array.isArray(node.examples)) {
      node.examples.forEach((_example, index) => {
        const example = { file: at.file, keys: [...at.keys, 'examples', index] };
        this.exampleAt(at, example, `schema example ${index}`);
      });
    }
    // OpenAPI 3.0's singular schema `example`, still accepted (deprecated) in 3.1.
    if (this.kind === 'openapi' && node.example !== undefined) {
      this.exampleAt(at, { file: at.file, keys: [...at.keys, 'example'] }, 'example');
    }
    for (const keyword of SUBSCHEMA) {
      if (isObject(node[keyword])) this.schema({ file: at.file, keys: [...at.keys, keyword] });
    }
    for (const keyword of SUBSCHEMA_LISTS) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      list.forEach((_item, index) => {
        this.schema({ file: at.file, keys: [...at.keys, keyword, index] });
      });
    }
    // Draft-07 tuple form, which AsyncAPI schemas may still use.
    if (Array.isArray(node.items)) {
      node.items.forEach((_item, index) => {
        this.schema({ file: at.file, keys: [...at.keys, 'items', index] });
      });
    }
    for (const keyword of SUBSCHEMA_MAPS) {
      const map = node[keyword];
      if (!isObject(map)) continue;
      for (const name of Object.keys(map)) {
        this.schema({ file: at.file, keys: [...at.keys, keyword, name] });
      }
    }
  }

  /**
   * A shared file reached through `$ref`. A one-segment pointer (`common.yaml#/Identity`)
   * means the file is a map of named schemas: all of them are checked, referenced or not.
   */
  private walkSharedTarget(target: Location): void {
    const value = this.register(target.file);
    // Unreadable or broken files and unresolved pointers are reported by the document
    // linters at the `$ref` itself; here they only mean there is nothing to walk.
    if (value === undefined) return;
    if (target.keys.length === 1 && isObject(value)) {
      for (const name of Object.keys(value)) this.schema({ file: target.file, keys: [name] });
      return;
    }
    this.schema(target);
  }

  // ---------------------------------------------------------------- validation

  private exampleAt(schema: Location, example: Location, label: string): void {
    const value = this.valueAt(example);
    if (value === undefined) return;
    this.validate(schema, example, value, label);
  }

  private validate(schema: Location, example: Location, value: Json, label: string): void {
    const validate = this.compile(schema);
    if (typeof validate === 'string') {
      // One broken `$ref` can block dozens of examples; saying so once is enough.
      if (this.uncheckable.has(validate)) return;
      this.uncheckable.add(validate);
      this.report(example, `${label} cannot be checked (nor others that need it): ${validate}`);
      return;
    }
    if (validate(value)) return;
    for (const error of relevantErrors(validate.errors ?? [])) {
      const keys = [...example.keys, ...pointerToPath(error.instancePath), ...offendingKey(error)];
      const where = error.instancePath === '' ? '' : ` at ${error.instancePath}`;
      this.report({ file: example.file, keys }, `${label}${where} ${describe(error)}`);
    }
  }

  private compile(schema: Location): ValidateFunction | string {
    this.register(schema.file);
    const ref = `${pathToFileURL(schema.file).href}#${pathToPointer(schema.keys)}`;
    let result = this.compiled.get(ref);
    if (result !== undefined) return result;
    // A schema may reach files the walk has not registered yet: register them on demand.
    for (let attempt = 0; result === undefined; attempt++) {
      try {
        result = this.ajv.getSchema(ref) ?? `no schema at ${pathToPointer(schema.keys)}`;
      } catch (error) {
        const { missingRef, missingSchema } = error as {
          missingRef?: string;
          missingSchema?: string;
        };
        const retry =
          missingRef !== undefined &&
          attempt < 50 &&
          missingSchema?.startsWith('file:') === true &&
          this.registerUrl(missingSchema);
        if (!retry) {
          result = missingRef
            ? `unresolved $ref ${relativeRef(missingRef)}`
            : (error as Error).message;
        }
      }
    }
    this.compiled.set(ref, result);
    return result;
  }

  /** Registers the file behind a `file:` URL; false if it is already known or unusable. */
  private registerUrl(url: string): boolean {
    if (this.registered.has(url)) return false;
    this.register(fileURLToPath(url));
    return this.registered.has(url);
  }

  /** Follows an internal or external `$ref` (example objects may live in components). */
  private followRef(at: Location, node: Json | undefined, depth = 0): Location | undefined {
    if (!isObject(node) || typeof node.$ref !== 'string') return at;
    if (depth > 20) return undefined;
    const [relative = '', pointer = ''] = node.$ref.split('#');
    const file = relative ? path.resolve(path.dirname(at.file), relative) : at.file;
    this.register(file);
    const target = { file, keys: pointerToPath(pointer) };
    const value = this.valueAt(target);
    return value === undefined ? undefined : this.followRef(target, value, depth + 1);
  }

  private valueAt(at: Location): Json | undefined {
    let node: Json | undefined = this.sources.get(at.file).value;
    for (const key of at.keys) {
      if (Array.isArray(node)) node = node[Number(key)];
      else if (isObject(node)) node = node[String(key)];
      else return undefined;
    }
    return node;
  }

  private report(at: Location, message: string): void {
    this.problems.push(this.sources.get(at.file).problemAt(at.keys, message, EXAMPLE_RULE));
  }
}

/**
 * With `allErrors`, a failing `oneOf`/`anyOf` reports every branch's complaints; the
 * branch errors plus the combinator's own line are kept, exact repeats dropped.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath} ${describe(error)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** For a property-level complaint, point at the property itself rather than its object. */
function offendingKey(error: ErrorObject): string[] {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const name = params.additionalProperty ?? params.unevaluatedProperty;
    return typeof name === 'string' ? [name] : [];
  }
  return [];
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `must not have property '${String(params.additionalProperty)}'`;
    case 'enum':
      return `must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? error.keyword;
  }
}

function relativeRef(ref: string): string {
  if (!ref.startsWith('file:')) return ref;
  const url = new URL(ref);
  return `${path.relative(process.cwd(), fileURLToPath(url))}${url.hash}`;
}
