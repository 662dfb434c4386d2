// Negative inputs derived from a schema and one valid instance: each required field
// missing, wrong types, strings that break a pattern/format/length, arrays past their
// bounds, unknown properties. Every candidate is kept only if the spec's own validator
// rejects it, so the runner never demands a 400 for input the spec allows.
import { isObject, type Json, type JsonObject, type ValidateFunction } from './spec.ts';

export interface InvalidCase {
  /** What is wrong, e.g. `$.participants[0].id: breaks pattern`. */
  label: string;
  value: unknown;
}

type Segment = string | number;

interface Edit {
  label: string;
  path: Segment[];
  /** `undefined` with `remove` deletes the property or item. */
  value?: unknown;
  remove?: boolean;
}

function pathText(path: Segment[]): string {
  return path.reduce<string>(
    (out, seg) =>
      typeof seg === 'number'
        ? `${out}[${seg}]`
        : /^[A-Za-z_$][\w$]*$/.test(seg)
          ? `${out}.${seg}`
          : `${out}[${JSON.stringify(seg)}]`,
    '$',
  );
}

function apply(base: unknown, edit: Edit): unknown {
  if (edit.path.length === 0) return edit.value;
  const root = structuredClone(base);
  let node: unknown = root;
  for (const seg of edit.path.slice(0, -1)) {
    node = (node as Record<Segment, unknown>)[seg];
  }
  const last = edit.path[edit.path.length - 1] as Segment;
  if (edit.remove) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete (node as Record<Segment, unknown>)[last];
  } else {
    (node as Record<Segment, unknown>)[last] = edit.value;
  }
  return root;
}

function num(schema: JsonObject, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
}

/** Values of a different JSON type than `value`. */
function wrongTypes(value: unknown): Array<[string, unknown]> {
  if (typeof value === 'string') return [['a number instead of a string', 12345]];
  if (typeof value === 'number') return [['a string instead of a number', 'twelve']];
  if (typeof value === 'boolean') return [['a string instead of a boolean', 'true']];
  if (Array.isArray(value)) return [['an object instead of an array', { not: 'an array' }]];
  if (isObject(value)) {
    return [
      ['a string instead of an object', 'not an object'],
      ['an array instead of an object', []],
      ['null instead of an object', null],
    ];
  }
  return [['a number instead of null', 0]];
}

const MAX_GENERATED_LENGTH = 200_000;

function walk(schema: Json, value: unknown, path: Segment[], edits: Edit[]): void {
  if (!isObject(schema)) return;
  const s = schema as JsonObject;
  const at = pathText(path);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) for (const b of branches) walk(b, value, path, edits);
  }
  if (value === undefined) return;
  for (const [what, wrong] of wrongTypes(value)) {
    edits.push({ label: `${at}: ${what}`, path, value: wrong });
  }
  if (s.const !== undefined) {
    edits.push({ label: `${at}: not the constant`, path, value: `${String(s.const)}-other` });
  }
  if (Array.isArray(s.enum))
    edits.push({ label: `${at}: not in enum`, path, value: 'not-in-enum' });

  if (typeof value === 'string') {
    const min = num(s, 'minLength');
    const max = num(s, 'maxLength');
    if (min !== undefined && min > 0)
      edits.push({ label: `${at}: empty (minLength ${min})`, path, value: '' });
    if (max !== undefined && max < MAX_GENERATED_LENGTH) {
      edits.push({
        label: `${at}: too long (maxLength ${max})`,
        path,
        value: 'x'.repeat(max + 1),
      });
    }
    if (typeof s.pattern === 'string') {
      for (const bad of ['not valid!', `${value} `, `<${value}>`]) {
        edits.push({ label: `${at}: breaks pattern ${s.pattern}`, path, value: bad });
      }
    }
    if (s.format === 'date-time')
      edits.push({ label: `${at}: not a date-time`, path, value: 'yesterday' });
    if (s.format === 'uri') edits.push({ label: `${at}: not a URI`, path, value: 'not a uri' });
  }

  if (typeof value === 'number') {
    const min = num(s, 'minimum');
    const max = num(s, 'maximum');
    if (min !== undefined)
      edits.push({ label: `${at}: below minimum ${min}`, path, value: min - 1 });
    if (max !== undefined)
      edits.push({ label: `${at}: above maximum ${max}`, path, value: max + 1 });
    if (s.type === 'integer')
      edits.push({ label: `${at}: not an integer`, path, value: value + 0.5 });
  }

  if (Array.isArray(value)) {
    const min = num(s, 'minItems');
    const max = num(s, 'maxItems');
    if (min !== undefined && min > 0) {
      edits.push({ label: `${at}: fewer than ${min} items`, path, value: value.slice(0, min - 1) });
    }
    if (max !== undefined && value.length > 0 && max < 1000) {
      const items = Array.from({ length: max + 1 }, (_, i) => value[i % value.length]);
      edits.push({ label: `${at}: more than ${max} items`, path, value: items });
    }
    if (value.length > 0) walk(s.items ?? null, value[0], [...path, 0], edits);
  }

  if (isObject(value)) {
    if (s.additionalProperties === false) {
      const extra = [...path, 'unexpected_field'];
      edits.push({ label: `${pathText(extra)}: unknown property`, path: extra, value: 'x' });
    }
    if (Array.isArray(s.required)) {
      for (const name of s.required) {
        if (typeof name === 'string' && name in value) {
          edits.push({
            label: `${pathText([...path, name])}: missing (required)`,
            path: [...path, name],
            remove: true,
          });
        }
      }
    }
    const props = isObject(s.properties) ? (s.properties as JsonObject) : {};
    for (const [name, sub] of Object.entries(props)) {
      if (name in value) walk(sub, value[name], [...path, name], edits);
    }
  }
}

/**
 * Invalid variants of `valid`, one per rule the schema states, each confirmed invalid by
 * `validate` (the generated validator for the same schema). Labels are unique.
 */
export function invalidCases(
  schema: JsonObject,
  valid: unknown,
  validate: ValidateFunction,
): InvalidCase[] {
  if (!validate(valid)) {
    throw new Error(
      `the runner's valid example is invalid: ${JSON.stringify(validate.errors?.[0])}`,
    );
  }
  const edits: Edit[] = [];
  walk(schema, valid, [], edits);
  const out: InvalidCase[] = [];
  const values = new Set<string>();
  const labels = new Set<string>();
  for (const edit of edits) {
    const value = apply(valid, edit);
    const key = JSON.stringify(value) ?? 'undefined';
    if (values.has(key) || labels.has(edit.label) || validate(value)) continue;
    values.add(key);
    labels.add(edit.label);
    out.push({ label: edit.label, value });
  }
  return out;
}
