// Compares two JSON schemas (each inside its own bundled document) and says, per change,
// whether the set of accepted values shrank (`narrowed`), grew (`widened`) or both. It knows
// nothing about requests or responses: classify.ts turns an effect into breaking or not
// depending on which way the values flow. Keywords that only document (description,
// examples, title) are ignored.
import { isObject, type Json, type JsonObject } from '../json.ts';
import type { Seg } from './model.ts';
import { deref, type Located } from './resolve.ts';

export type Effect =
  /** Fewer values accepted: whoever produces them may now be wrong. */
  | 'narrowed'
  /** More values accepted: whoever consumes them must now handle more. */
  | 'widened'
  /** Incomparable (type changed, pattern changed, field removed): both sides. */
  | 'both'
  /** An optional field appeared. */
  | 'added'
  /** What an absent value means changed. */
  | 'default'
  /** Marked deprecated. */
  | 'deprecated';

export interface Delta {
  rule: string;
  effect: Effect;
  reason: string;
  /** JSON path of the changed keyword (new side; old side when it is gone). */
  path: Seg[];
  /** Data path inside the compared value, e.g. `participants[].id` ('' for the value itself). */
  field: string;
}

export interface SchemaSide {
  doc: Json;
  at: Located;
}

const DOC_ONLY = new Set([
  'description',
  'title',
  'examples',
  'example',
  '$comment',
  'externalDocs',
  'summary',
  'xml',
]);

interface Flat {
  path: Seg[];
  never: boolean;
  /** Keyword -> value and the path of the schema that defines it (allOf members merge). */
  kw: Map<string, { value: Json; path: Seg[] }>;
  props: Map<string, Located>;
  required: Set<string>;
  requiredPath: Seg[];
}

/** Follows refs and merges `allOf` members into one view of the schema. */
function flatten(doc: Json, located: Located, depth = 0): Flat {
  const { node, path } = deref(doc, located);
  const flat: Flat = {
    path,
    never: node === false,
    kw: new Map(),
    props: new Map(),
    required: new Set(),
    requiredPath: [...path, 'required'],
  };
  if (!isObject(node) || depth > 20) return flat;
  const members = Array.isArray(node.allOf) ? node.allOf : [];
  members.forEach((member, index) => {
    merge(flat, flatten(doc, { node: member, path: [...path, 'allOf', index] }, depth + 1));
  });
  const own: Flat = {
    path,
    never: false,
    kw: new Map(),
    props: new Map(),
    required: new Set(),
    requiredPath: [...path, 'required'],
  };
  for (const [key, value] of Object.entries(node)) {
    if (key === 'allOf' || key === '$ref' || DOC_ONLY.has(key)) continue;
    if (key === 'properties' && isObject(value)) {
      for (const [name, schema] of Object.entries(value)) {
        own.props.set(name, { node: schema, path: [...path, 'properties', name] });
      }
    } else if (key === 'required' && Array.isArray(value)) {
      for (const name of value) if (typeof name === 'string') own.required.add(name);
    } else {
      own.kw.set(key, { value, path: [...path, key] });
    }
  }
  merge(flat, own);
  return flat;
}

function merge(into: Flat, from: Flat): void {
  into.never ||= from.never;
  for (const [key, entry] of from.kw) {
    const existing = into.kw.get(key);
    if (key === 'type' && existing) {
      const a = typeList(existing.value);
      const b = typeList(entry.value);
      const both = a && b ? a.filter((t) => accepts(b, t)) : (a ?? b ?? []);
      into.kw.set(key, { value: both, path: entry.path });
    } else {
      into.kw.set(key, entry);
    }
  }
  for (const [name, schema] of from.props) {
    const existing = into.props.get(name);
    into.props.set(
      name,
      existing
        ? { node: { allOf: [existing.node ?? true, schema.node ?? true] }, path: schema.path }
        : schema,
    );
  }
  if (from.required.size > 0) into.requiredPath = from.requiredPath;
  for (const name of from.required) into.required.add(name);
}

function typeList(value: Json | undefined): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function accepts(types: string[], type: string): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

const key = (value: Json | undefined) => JSON.stringify(value);
const show = (value: Json | undefined) =>
  typeof value === 'string' ? value : JSON.stringify(value);

const UPPER = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum'];
const LOWER = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum'];
const EXACT = ['pattern', 'format', 'multipleOf', 'not', 'contentMediaType'];

function joinField(base: string, next: string): string {
  if (next.startsWith('[') || next.startsWith(' ')) return `${base}${next}`;
  return base ? `${base}.${next}` : next;
}

class Comparer {
  readonly deltas: Delta[] = [];
  private readonly stack = new Set<string>();

  constructor(
    private readonly oldDoc: Json,
    private readonly newDoc: Json,
  ) {}

  private add(rule: string, effect: Effect, reason: string, path: Seg[], field: string): void {
    this.deltas.push({ rule, effect, reason, path, field });
  }

  compare(oldAt: Located, newAt: Located, field: string): void {
    const a = flatten(this.oldDoc, oldAt);
    const b = flatten(this.newDoc, newAt);
    const id = `${key(a.path)}|${key(b.path)}|${field}`;
    if (this.stack.has(id)) return; // a recursive schema: this pair is being compared above
    this.stack.add(id);
    try {
      this.compareFlat(a, b, field);
    } finally {
      this.stack.delete(id);
    }
  }

  private compareFlat(a: Flat, b: Flat, field: string): void {
    if (a.never !== b.never) {
      this.add(
        b.never ? 'schema-rejects-all' : 'schema-accepts-again',
        b.never ? 'narrowed' : 'widened',
        b.never ? 'no value is accepted any more' : 'values are accepted again',
        b.path,
        field,
      );
      return;
    }
    if (this.compareTypes(a, b, field)) return;
    this.compareValues(a, b, field);
    for (const name of UPPER) this.compareBound(a, b, name, 'upper', field);
    for (const name of LOWER) this.compareBound(a, b, name, 'lower', field);
    for (const name of EXACT) this.compareExact(a, b, name, field);
    this.compareUnique(a, b, field);
    this.compareDefault(a, b, field);
    this.compareDeprecated(a, b, field);
    this.compareProperties(a, b, field);
    this.compareAdditional(a, b, field);
    this.compareItems(a, b, field);
    for (const name of ['oneOf', 'anyOf']) this.compareAlternatives(a, b, name, field);
  }

  /** Returns true when the types are disjoint: comparing deeper would only add noise. */
  private compareTypes(a: Flat, b: Flat, field: string): boolean {
    const before = typeList(a.kw.get('type')?.value);
    const after = typeList(b.kw.get('type')?.value);
    const path = b.kw.get('type')?.path ?? a.kw.get('type')?.path ?? b.path;
    if (!before && !after) return false;
    if (!before && after) {
      this.add('type-added', 'narrowed', `type restricted to ${after.join(' | ')}`, path, field);
      return false;
    }
    if (before && !after) {
      this.add(
        'type-removed',
        'widened',
        `type ${before.join(' | ')} no longer enforced`,
        path,
        field,
      );
      return false;
    }
    if (!before || !after) return false;
    const lost = before.filter((t) => !accepts(after, t));
    const gained = after.filter((t) => !accepts(before, t));
    const text = `type ${before.join(' | ')} → ${after.join(' | ')}`;
    if (lost.length > 0 && gained.length > 0) {
      this.add('type-changed', 'both', text, path, field);
      return before.every((t) => !accepts(after, t));
    }
    if (lost.length > 0) this.add('type-narrowed', 'narrowed', text, path, field);
    if (gained.length > 0) this.add('type-widened', 'widened', text, path, field);
    return false;
  }

  private compareValues(a: Flat, b: Flat, field: string): void {
    const values = (f: Flat) => {
      const en = f.kw.get('enum');
      if (en && Array.isArray(en.value)) return { list: en.value, path: en.path };
      const c = f.kw.get('const');
      return c ? { list: [c.value], path: c.path } : undefined;
    };
    const before = values(a);
    const after = values(b);
    if (!before && !after) return;
    if (!before && after) {
      const list = after.list.map(show).join(', ');
      this.add('enum-added', 'narrowed', `values limited to ${list}`, after.path, field);
      return;
    }
    if (before && !after) {
      this.add(
        'enum-removed',
        'widened',
        'no longer limited to a list of values',
        before.path,
        field,
      );
      return;
    }
    if (!before || !after) return;
    const oldKeys = new Set(before.list.map(key));
    const newKeys = new Set(after.list.map(key));
    const added = after.list.filter((v) => !oldKeys.has(key(v)));
    const removed = before.list.filter((v) => !newKeys.has(key(v)));
    if (added.length > 0) {
      const list = added.map(show).join(', ');
      this.add('enum-widened', 'widened', `value(s) added: ${list}`, after.path, field);
    }
    if (removed.length > 0) {
      const list = removed.map(show).join(', ');
      this.add('enum-narrowed', 'narrowed', `value(s) removed: ${list}`, after.path, field);
    }
  }

  private compareBound(a: Flat, b: Flat, name: string, kind: 'upper' | 'lower', field: string) {
    const before = a.kw.get(name);
    const after = b.kw.get(name);
    const x = typeof before?.value === 'number' ? before.value : undefined;
    const y = typeof after?.value === 'number' ? after.value : undefined;
    if (x === y) return;
    const path = after?.path ?? before?.path ?? b.path;
    const tighter =
      kind === 'upper' ? (p: number, q: number) => q < p : (p: number, q: number) => q > p;
    if (x === undefined && y !== undefined) {
      this.add(`${name}-added`, 'narrowed', `${name} ${y} added`, path, field);
    } else if (x !== undefined && y === undefined) {
      this.add(`${name}-removed`, 'widened', `${name} ${x} removed`, path, field);
    } else if (x !== undefined && y !== undefined) {
      const narrowed = tighter(x, y);
      this.add(
        `${name}-${narrowed ? 'tightened' : 'relaxed'}`,
        narrowed ? 'narrowed' : 'widened',
        `${name} ${narrowed === (kind === 'upper') ? 'lowered' : 'raised'} ${x} → ${y}`,
        path,
        field,
      );
    }
  }

  private compareExact(a: Flat, b: Flat, name: string, field: string): void {
    const before = a.kw.get(name);
    const after = b.kw.get(name);
    if (key(before?.value) === key(after?.value)) return;
    if (!before && after) {
      this.add(
        `${name}-added`,
        'narrowed',
        `${name} ${show(after.value)} added`,
        after.path,
        field,
      );
    } else if (before && !after) {
      this.add(
        `${name}-removed`,
        'widened',
        `${name} ${show(before.value)} removed`,
        before.path,
        field,
      );
    } else if (before && after) {
      // Two regular expressions (or formats) are not compared for inclusion: either way.
      const text = `${name} ${show(before.value)} → ${show(after.value)} (not compared: counted as narrower and wider)`;
      this.add(`${name}-changed`, 'both', text, after.path, field);
    }
  }

  private compareUnique(a: Flat, b: Flat, field: string): void {
    const before = a.kw.get('uniqueItems')?.value === true;
    const after = b.kw.get('uniqueItems');
    if (before === (after?.value === true)) return;
    this.add(
      before ? 'unique-items-removed' : 'unique-items-added',
      before ? 'widened' : 'narrowed',
      before ? 'items no longer need to be unique' : 'items must be unique',
      after?.path ?? b.path,
      field,
    );
  }

  private compareDefault(a: Flat, b: Flat, field: string): void {
    const before = a.kw.get('default');
    const after = b.kw.get('default');
    if (!before || !after || key(before.value) === key(after.value)) return;
    const text = `default ${show(before.value)} → ${show(after.value)}: an absent value now means something else`;
    this.add('default-changed', 'default', text, after.path, field);
  }

  private compareDeprecated(a: Flat, b: Flat, field: string): void {
    const after = b.kw.get('deprecated');
    if (a.kw.get('deprecated')?.value === true || after?.value !== true) return;
    this.add('deprecated', 'deprecated', 'deprecated', after.path, field);
  }

  private compareProperties(a: Flat, b: Flat, field: string): void {
    const removed = [...a.props.keys()].filter((name) => !b.props.has(name));
    const added = [...b.props.keys()].filter((name) => !a.props.has(name));
    const renamedTo = new Map<string, string>();
    for (const name of removed) {
      // A removed field whose schema reappears under exactly one new name was renamed.
      const schema = key(this.resolvedShape(this.oldDoc, a.props.get(name)));
      const twins = added.filter(
        (candidate) =>
          !renamedTo.has(candidate) &&
          key(this.resolvedShape(this.newDoc, b.props.get(candidate))) === schema &&
          a.required.has(name) === b.required.has(candidate),
      );
      const [twin] = twins;
      if (twins.length === 1 && twin !== undefined) renamedTo.set(twin, name);
    }
    for (const name of removed) {
      const at = a.props.get(name);
      const to = [...renamedTo].find(([, from]) => from === name)?.[0];
      const text = to ? `field \`${name}\` renamed to \`${to}\`` : `field \`${name}\` removed`;
      this.add(
        to ? 'field-renamed' : 'field-removed',
        'both',
        text,
        at?.path ?? a.path,
        joinField(field, name),
      );
    }
    for (const name of added) {
      if (renamedTo.has(name)) continue;
      const at = b.props.get(name);
      const required = b.required.has(name);
      this.add(
        required ? 'field-required-added' : 'field-added',
        required ? 'narrowed' : 'added',
        required ? `required field \`${name}\` added` : `optional field \`${name}\` added`,
        at?.path ?? b.path,
        joinField(field, name),
      );
    }
    for (const [name, before] of a.props) {
      const after = b.props.get(name);
      if (!after) continue;
      const sub = joinField(field, name);
      if (a.required.has(name) && !b.required.has(name)) {
        this.add(
          'field-made-optional',
          'widened',
          `\`${name}\` is no longer required`,
          after.path,
          sub,
        );
      } else if (!a.required.has(name) && b.required.has(name)) {
        this.add(
          'field-made-required',
          'narrowed',
          `\`${name}\` is now required`,
          b.requiredPath,
          sub,
        );
      }
      this.compare(before, after, sub);
    }
  }

  /** A schema with refs followed one level, for telling whether two fields are the same. */
  private resolvedShape(doc: Json, at: Located | undefined): Json | undefined {
    if (!at) return undefined;
    const node = deref(doc, at).node;
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) if (!DOC_ONLY.has(k)) out[k] = v;
    return out;
  }

  private compareAdditional(a: Flat, b: Flat, field: string): void {
    const before = a.kw.get('additionalProperties');
    const after = b.kw.get('additionalProperties');
    const state = (e: { value: Json } | undefined) =>
      e === undefined || e.value === true ? 'open' : e.value === false ? 'closed' : 'schema';
    const x = state(before);
    const y = state(after);
    const path = after?.path ?? before?.path ?? b.path;
    if (x === 'schema' && y === 'schema' && before && after) {
      this.compare(
        { node: before.value, path: before.path },
        { node: after.value, path: after.path },
        joinField(field, '*'),
      );
      return;
    }
    if (x === y) return;
    const rank = { closed: 0, schema: 1, open: 2 } as const;
    const narrowed = rank[y] < rank[x];
    // Tolerating unknown fields is the usual reading of a payload, so more of them is news
    // for the consumer rather than a break.
    this.add(
      narrowed ? 'additional-properties-narrowed' : 'additional-properties-widened',
      narrowed ? 'narrowed' : 'added',
      narrowed ? 'unknown fields are now rejected' : 'unknown fields are now accepted',
      path,
      field,
    );
  }

  private compareItems(a: Flat, b: Flat, field: string): void {
    const before = a.kw.get('items');
    const after = b.kw.get('items');
    if (before && after) {
      this.compare(
        { node: before.value, path: before.path },
        { node: after.value, path: after.path },
        joinField(field, '[]'),
      );
    } else if (!before && after) {
      this.add('items-added', 'narrowed', 'array items constrained', after.path, field);
    } else if (before && !after) {
      this.add('items-removed', 'widened', 'array items no longer constrained', before.path, field);
    }
  }

  private compareAlternatives(a: Flat, b: Flat, name: string, field: string): void {
    const before = a.kw.get(name);
    const after = b.kw.get(name);
    if (!before && !after) return;
    const list = (e: { value: Json; path: Seg[] } | undefined): Located[] =>
      e && Array.isArray(e.value)
        ? e.value.map((node, index) => ({ node, path: [...e.path, index] }))
        : [];
    const olds = list(before);
    const news = list(after);
    if (olds.length === 0 || news.length === 0) {
      const narrowed = olds.length === 0;
      this.add(
        `${name}-${narrowed ? 'added' : 'removed'}`,
        narrowed ? 'narrowed' : 'widened',
        narrowed
          ? `now one of ${news.length} alternatives`
          : `no longer one of ${olds.length} alternatives`,
        after?.path ?? before?.path ?? b.path,
        field,
      );
      return;
    }
    const label = (doc: Json, at: Located, index: number) => {
      const node = deref(doc, at).node;
      if (isObject(node) && typeof node.title === 'string') return node.title;
      const ref = isObject(at.node) && typeof at.node.$ref === 'string' ? at.node.$ref : undefined;
      return ref ? (ref.split('/').pop() ?? ref) : `alternative ${index + 1}`;
    };
    const oldLabels = olds.map((at, i) => label(this.oldDoc, at, i));
    const newLabels = news.map((at, i) => label(this.newDoc, at, i));
    const pairs: Array<[number, number]> = [];
    const usedNew = new Set<number>();
    oldLabels.forEach((text, i) => {
      const j = newLabels.findIndex(
        (t, k) => t === text && !usedNew.has(k) && !/^alternative /.test(t),
      );
      if (j >= 0) {
        pairs.push([i, j]);
        usedNew.add(j);
      }
    });
    if (olds.length === news.length) {
      olds.forEach((_, i) => {
        if (!pairs.some(([p]) => p === i) && !usedNew.has(i)) {
          pairs.push([i, i]);
          usedNew.add(i);
        }
      });
    }
    const pairedOld = new Set(pairs.map(([i]) => i));
    olds.forEach((at, i) => {
      if (pairedOld.has(i)) return;
      this.add(
        `${name}-alternative-removed`,
        'narrowed',
        `alternative ${oldLabels[i]} removed`,
        at.path,
        field,
      );
    });
    news.forEach((at, j) => {
      if (usedNew.has(j)) return;
      this.add(
        `${name}-alternative-added`,
        'widened',
        `alternative ${newLabels[j]} added`,
        at.path,
        field,
      );
    });
    for (const [i, j] of pairs) {
      const sub = olds.length > 1 ? ` (${newLabels[j]})` : '';
      const o = olds[i];
      const n = news[j];
      if (o && n) this.compare(o, n, field ? `${field}${sub}` : sub.trim());
    }
  }
}

/** Every difference between two schemas, each with its effect on the set of accepted values. */
export function compareSchemas(before: SchemaSide, after: SchemaSide, field = ''): Delta[] {
  const comparer = new Comparer(before.doc, after.doc);
  comparer.compare(before.at, after.at, field);
  return comparer.deltas;
}
