// JSON Schema → fast-check arbitraries, for the keywords this spec uses (type, properties,
// required, additionalProperties, items, min/maxItems, min/maxLength, pattern, format
// date-time/uri, enum, const, allOf/anyOf/oneOf), plus a corrupting arbitrary that turns
// valid values into near-misses. Values go over the wire as JSON, so both are normalised
// through a JSON round trip: what is judged is exactly what the server receives.
import fc from 'fast-check';
import { isObject, type Json, type JsonObject, REF_NAME } from './spec.ts';

/** Arbitraries replacing whole named schemas, e.g. `{ Identity: ... }`. */
export type Overrides = Record<string, fc.Arbitrary<unknown>>;

/** Keeps generated collections small: requests stay cheap and counterexamples readable. */
const MAX_ITEMS = 4;
const MAX_TEXT = 40;

function num(schema: JsonObject, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
}

/** Code points, as JSON Schema counts string length. */
function length(text: string): number {
  return [...text].length;
}

function mergeAllOf(schema: JsonObject): JsonObject {
  const { allOf, ...rest } = schema;
  let merged: JsonObject = rest;
  for (const part of Array.isArray(allOf) ? allOf : []) {
    if (!isObject(part)) continue;
    const p = mergeAllOf(part as JsonObject);
    merged = {
      ...merged,
      ...p,
      properties: {
        ...((merged.properties as JsonObject) ?? {}),
        ...((p.properties as JsonObject) ?? {}),
      },
      required: [
        ...((merged.required as Json[] | undefined) ?? []),
        ...((p.required as Json[] | undefined) ?? []),
      ],
    };
  }
  return merged;
}

function stringArbitrary(s: JsonObject): fc.Arbitrary<string> {
  const min = num(s, 'minLength') ?? 0;
  const max = num(s, 'maxLength');
  const fits = (text: string) => length(text) >= min && (max === undefined || length(text) <= max);
  if (s.format === 'date-time') {
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (s.format === 'uri') {
    return fc.webUrl({ validSchemes: ['http', 'https'], size: 'xsmall' }).filter(fits);
  }
  if (typeof s.pattern === 'string') {
    return fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' }).filter(fits);
  }
  return fc
    .string({
      unit: 'grapheme',
      minLength: min,
      maxLength: Math.max(min, Math.min(max ?? MAX_TEXT, MAX_TEXT)),
    })
    .filter(fits);
}

/** An arbitrary of values the schema accepts (almost always; the validator has the last word). */
export function arbitraryFor(schema: Json, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  if (!isObject(schema)) return fc.jsonValue();
  const s = schema as JsonObject;
  const ref = s[REF_NAME];
  if (typeof ref === 'string' && overrides[ref]) return overrides[ref] as fc.Arbitrary<unknown>;
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...s.enum);
  if (Array.isArray(s.allOf)) return arbitraryFor(mergeAllOf(s), overrides);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const { [key]: _branches, ...rest } = s;
      return fc.oneof(
        ...branches.map((b) =>
          arbitraryFor({ ...rest, ...(isObject(b) ? (b as JsonObject) : {}) }, overrides),
        ),
      );
    }
  }
  switch (s.type) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
      return fc.integer({
        min: num(s, 'minimum') ?? -1_000_000,
        max: num(s, 'maximum') ?? 1_000_000,
      });
    case 'number':
      return fc.double({
        min: num(s, 'minimum') ?? -1e9,
        max: num(s, 'maximum') ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = num(s, 'minItems') ?? 0;
      const max = Math.max(min, Math.min(num(s, 'maxItems') ?? MAX_ITEMS, MAX_ITEMS));
      return fc.array(arbitraryFor(s.items ?? {}, overrides), { minLength: min, maxLength: max });
    }
    case 'object': {
      const props = isObject(s.properties) ? (s.properties as JsonObject) : {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries(props)) model[name] = arbitraryFor(sub, overrides);
      const required = (Array.isArray(s.required) ? s.required : []).filter(
        (r): r is string => typeof r === 'string' && r in model,
      );
      return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<unknown>;
    }
    default:
      return fc.jsonValue();
  }
}

type Segment = string | number;

function paths(value: unknown, prefix: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...prefix, i], out);
  } else if (isObject(value))
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

type Corruption = 'replace' | 'remove' | 'extra';

function corruptAt(value: unknown, path: Segment[], how: Corruption, junk: unknown): unknown {
  if (path.length === 0 && how !== 'extra') return junk;
  const root = structuredClone(value);
  let node: unknown = root;
  for (const seg of how === 'extra' ? path : path.slice(0, -1)) {
    node = (node as Record<Segment, unknown>)[seg];
  }
  if (how === 'extra') {
    if (isObject(node)) node.unexpected_field = junk;
    else if (Array.isArray(node)) node.push(junk);
    else return junk;
    return root;
  }
  const last = path[path.length - 1] as Segment;
  const parent = node as Record<Segment, unknown>;
  if (how === 'remove') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else {
    parent[last] = junk;
  }
  return root;
}

/** Near-misses of valid values: one spot replaced by arbitrary JSON, removed, or added to. */
export function corrupted(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((value) =>
    fc
      .tuple(
        fc.constantFrom(...paths(value)),
        fc.constantFrom<Corruption>('replace', 'remove', 'extra'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([path, how, junk]) => corruptAt(value, path, how, junk)),
  );
}

/** What the peer receives after JSON encoding (undefined members vanish, -0 becomes 0). */
export function toWire(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/** Valid and corrupted inputs, half and half, as they will arrive on the wire. */
export function inputs(schema: Json, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  const valid = arbitraryFor(schema, overrides);
  return fc.oneof(valid, corrupted(valid)).map(toWire);
}
