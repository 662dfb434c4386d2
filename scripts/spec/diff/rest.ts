// REST rules: operations removed, moved or renamed; parameters; request bodies; status
// codes and response bodies (with the `{status, message, data}` envelope); security
// requirements. Schema comparisons go through schema.ts with the flow of the values.
import { isObject, type Json, type JsonObject } from '../json.ts';
import { deltasToChanges, type Flow, REST_REQUEST, REST_RESPONSE } from './classify.ts';
import type { Change, Party, Seg, Severity } from './model.ts';
import { deref, type Located } from './resolve.ts';
import { compareSchemas } from './schema.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface Operation {
  key: string;
  method: string;
  path: string;
  /** The path template with parameter names blanked: `/api/{}/messages`. */
  shape: string;
  operationId: string | undefined;
  node: JsonObject;
  at: Seg[];
  item: JsonObject;
  itemAt: Seg[];
}

function operations(doc: JsonObject): Map<string, Operation> {
  const out = new Map<string, Operation>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, raw] of Object.entries(paths)) {
    const item = deref(doc, { node: raw, path: ['paths', path] });
    if (!isObject(item.node)) continue;
    for (const method of METHODS) {
      const node = item.node[method];
      if (!isObject(node)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      out.set(key, {
        key,
        method,
        path,
        shape: path.replace(/\{[^}]*\}/g, '{}'),
        operationId: typeof node.operationId === 'string' ? node.operationId : undefined,
        node,
        at: [...item.path, method],
        item: item.node,
        itemAt: item.path,
      });
    }
  }
  return out;
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  at: Located;
  schema: Located;
}

/** Effective parameters; path parameters are keyed by position so a rename pairs up. */
function parameters(doc: JsonObject, op: Operation): Map<string, Param> {
  const out = new Map<string, Param>();
  const placeholders = [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const lists: Array<[Json | undefined, Seg[]]> = [
    [op.item.parameters, [...op.itemAt, 'parameters']],
    [op.node.parameters, [...op.at, 'parameters']],
  ];
  for (const [list, base] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, index) => {
      const at = deref(doc, { node: raw, path: [...base, index] });
      const p = at.node;
      if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return;
      const key = p.in === 'path' ? `path#${placeholders.indexOf(p.name)}` : `${p.in}:${p.name}`;
      out.set(key, {
        name: p.name,
        in: p.in,
        required: p.required === true,
        at,
        schema: { node: p.schema, path: [...at.path, 'schema'] },
      });
    });
  }
  return out;
}

/** Security alternatives: each a set of scheme names (empty set = anonymous allowed). */
function security(doc: JsonObject, op: Operation): string[][] | undefined {
  const list = Array.isArray(op.node.security) ? op.node.security : doc.security;
  if (!Array.isArray(list)) return undefined;
  return list.filter(isObject).map((req) => Object.keys(req).sort());
}

class RestDiff {
  readonly changes: Change[] = [];

  constructor(
    private readonly before: JsonObject,
    private readonly after: JsonObject,
  ) {}

  private push(
    rule: string,
    severity: Severity,
    parties: Party[],
    where: string,
    path: Seg[],
    reason: string,
    cause?: Seg[],
  ): void {
    const change: Change = {
      rule,
      severity,
      parties,
      doc: 'openapi',
      where,
      field: '',
      path,
      reason,
    };
    if (cause) change.cause = cause;
    this.changes.push(change);
  }

  private schemas(flow: Flow, where: string, field: string, a: Located, b: Located): void {
    const deltas = compareSchemas({ doc: this.before, at: a }, { doc: this.after, at: b });
    this.changes.push(...deltasToChanges(deltas, flow, { doc: 'openapi', where, field }));
  }

  run(): Change[] {
    const olds = operations(this.before);
    const news = operations(this.after);
    const paired = new Map<string, string>();
    for (const key of olds.keys()) if (news.has(key)) paired.set(key, key);
    // An operation gone from its path that reappears elsewhere under the same operationId
    // moved; one whose path only renamed its parameters kept its URL.
    for (const [key, op] of olds) {
      if (paired.has(key)) continue;
      const taken = new Set(paired.values());
      const candidates = [...news.values()].filter((n) => !taken.has(n.key));
      const twin =
        candidates.find((n) => n.method === op.method && n.shape === op.shape) ??
        candidates.find((n) => op.operationId !== undefined && n.operationId === op.operationId);
      if (twin) paired.set(key, twin.key);
    }
    const pairedNew = new Set(paired.values());
    for (const [key, op] of olds) {
      if (paired.has(key)) continue;
      this.push(
        'operation-removed',
        'breaking',
        ['rest-client'],
        key,
        op.at,
        'operation removed: clients calling it get 404',
      );
    }
    for (const [key, op] of news) {
      if (pairedNew.has(key)) continue;
      this.push(
        'operation-added',
        'non-breaking',
        ['rest-server'],
        key,
        op.at,
        'new operation: servers must implement it',
      );
    }
    for (const [oldKey, newKey] of paired) {
      const a = olds.get(oldKey);
      const b = news.get(newKey);
      if (a && b) this.operation(a, b);
    }
    this.securitySchemes();
    return this.changes;
  }

  private operation(a: Operation, b: Operation): void {
    const where = b.key;
    if (a.shape !== b.shape || a.method !== b.method) {
      this.push(
        'operation-moved',
        'breaking',
        ['rest-client'],
        where,
        b.at,
        `moved from ${a.key}: clients calling the old URL get 404`,
      );
    }
    if (a.operationId !== b.operationId) {
      this.push(
        'operation-id-changed',
        'breaking',
        ['rest-server', 'rest-client'],
        where,
        [...b.at, 'operationId'],
        `operationId ${a.operationId} → ${b.operationId}: the handler and its generated types are renamed`,
      );
    }
    if (b.node.deprecated === true && a.node.deprecated !== true) {
      this.push(
        'operation-deprecated',
        'non-breaking',
        ['rest-client'],
        where,
        [...b.at, 'deprecated'],
        'operation deprecated',
      );
    }
    this.parameters(a, b, where);
    this.requestBody(a, b, where);
    this.responses(a, b, where);
    this.security(a, b, where);
  }

  private parameters(a: Operation, b: Operation, where: string): void {
    const olds = parameters(this.before, a);
    const news = parameters(this.after, b);
    for (const [key, p] of olds) {
      const q = news.get(key);
      const label = `${p.in} parameter ${p.name}`;
      if (!q) {
        this.push(
          'parameter-removed',
          'breaking',
          ['rest-client'],
          where,
          p.at.path,
          `${label} removed: clients sending it are ignored or rejected`,
        );
        continue;
      }
      if (p.name !== q.name) {
        this.push(
          'path-parameter-renamed',
          'breaking',
          ['rest-server', 'rest-client'],
          where,
          [...q.at.path, 'name'],
          `${label} renamed to ${q.name}: same URL, but the generated input and typed-client params change`,
        );
      }
      if (!p.required && q.required) {
        this.push(
          'parameter-made-required',
          'breaking',
          ['rest-client'],
          where,
          [...q.at.path, 'required'],
          `${label} is now required`,
        );
      } else if (p.required && !q.required) {
        this.push(
          'parameter-made-optional',
          'non-breaking',
          ['rest-server'],
          where,
          [...q.at.path, 'required'],
          `${label} is now optional: servers must handle its absence`,
        );
      }
      this.schemas(REST_REQUEST, where, `${q.in} ${q.name}`, p.schema, q.schema);
    }
    for (const [key, q] of news) {
      if (olds.has(key)) continue;
      const label = `${q.in} parameter ${q.name}`;
      if (q.required) {
        this.push(
          'parameter-required-added',
          'breaking',
          ['rest-client'],
          where,
          q.at.path,
          `required ${label} added: existing calls lack it`,
        );
      } else {
        this.push(
          'parameter-added',
          'non-breaking',
          ['rest-server'],
          where,
          q.at.path,
          `optional ${label} added`,
        );
      }
    }
  }

  private requestBody(a: Operation, b: Operation, where: string): void {
    const x = deref(this.before, { node: a.node.requestBody, path: [...a.at, 'requestBody'] });
    const y = deref(this.after, { node: b.node.requestBody, path: [...b.at, 'requestBody'] });
    const ox = isObject(x.node) ? x.node : undefined;
    const oy = isObject(y.node) ? y.node : undefined;
    if (!ox && !oy) return;
    if (!ox && oy) {
      const required = oy.required === true;
      this.push(
        required ? 'request-body-required-added' : 'request-body-added',
        required ? 'breaking' : 'non-breaking',
        [required ? 'rest-client' : 'rest-server'],
        where,
        y.path,
        required ? 'a request body is now required' : 'an optional request body was added',
      );
      return;
    }
    if (ox && !oy) {
      this.push(
        'request-body-removed',
        'breaking',
        ['rest-client'],
        where,
        x.path,
        'the request body is no longer accepted',
      );
      return;
    }
    if (!ox || !oy) return;
    if (ox.required !== true && oy.required === true) {
      this.push(
        'request-body-made-required',
        'breaking',
        ['rest-client'],
        where,
        [...y.path, 'required'],
        'the request body is now required',
      );
    } else if (ox.required === true && oy.required !== true) {
      this.push(
        'request-body-made-optional',
        'non-breaking',
        ['rest-server'],
        where,
        [...y.path, 'required'],
        'the request body is now optional',
      );
    }
    this.content(REST_REQUEST, where, 'request body', { ...x, node: ox }, { ...y, node: oy });
  }

  private content(flow: Flow, where: string, label: string, x: Located, y: Located): void {
    const cx = isObject(x.node) && isObject(x.node.content) ? x.node.content : {};
    const cy = isObject(y.node) && isObject(y.node.content) ? y.node.content : {};
    const request = flow === REST_REQUEST;
    for (const type of Object.keys(cx)) {
      if (type in cy) {
        const media = (c: JsonObject, at: Located): Located => {
          const m = c[type];
          return {
            node: isObject(m) ? m.schema : undefined,
            path: [...at.path, 'content', type, 'schema'],
          };
        };
        this.schemas(flow, where, label, media(cx, x), media(cy, y));
      } else {
        this.push(
          'media-type-removed',
          'breaking',
          ['rest-client'],
          where,
          [...x.path, 'content', type],
          request ? `${label}: ${type} no longer accepted` : `${label}: ${type} no longer returned`,
        );
      }
    }
    for (const type of Object.keys(cy)) {
      if (type in cx) continue;
      this.push(
        'media-type-added',
        'non-breaking',
        [request ? 'rest-server' : 'rest-client'],
        where,
        [...y.path, 'content', type],
        request ? `${label}: ${type} now accepted` : `${label}: ${type} may now be returned`,
      );
    }
  }

  private responses(a: Operation, b: Operation, where: string): void {
    const rx = isObject(a.node.responses) ? a.node.responses : {};
    const ry = isObject(b.node.responses) ? b.node.responses : {};
    for (const [status, raw] of Object.entries(rx)) {
      const x = deref(this.before, { node: raw, path: [...a.at, 'responses', status] });
      if (!(status in ry)) {
        const success = status.startsWith('2');
        this.push(
          'status-removed',
          'breaking',
          success ? ['rest-server', 'rest-client'] : ['rest-server'],
          where,
          [...a.at, 'responses', status],
          success
            ? `status ${status} removed: clients expecting it break, servers can no longer answer it`
            : `status ${status} removed: servers answering it no longer compile or conform`,
          x.path,
        );
        continue;
      }
      const y = deref(this.after, { node: ry[status], path: [...b.at, 'responses', status] });
      this.envelope(status, where, x, y);
      this.headers(status, where, x, y);
      this.content(REST_RESPONSE, where, `${status} response`, x, y);
    }
    for (const [status, raw] of Object.entries(ry)) {
      if (status in rx) continue;
      const y = deref(this.after, { node: raw, path: [...b.at, 'responses', status] });
      this.push(
        'status-added',
        'non-breaking',
        ['rest-client'],
        where,
        y.path,
        `status ${status} may now be returned: clients should handle it`,
      );
    }
  }

  /** Response headers: clients may read them (Content-Length of media, for instance). */
  private headers(status: string, where: string, x: Located, y: Located): void {
    const hx = isObject(x.node) && isObject(x.node.headers) ? x.node.headers : {};
    const hy = isObject(y.node) && isObject(y.node.headers) ? y.node.headers : {};
    for (const name of Object.keys(hx)) {
      if (name in hy) continue;
      this.push(
        'response-header-removed',
        'breaking',
        ['rest-client'],
        where,
        [...x.path, 'headers', name],
        `${status} response header ${name} removed`,
      );
    }
    for (const name of Object.keys(hy)) {
      if (name in hx) continue;
      this.push(
        'response-header-added',
        'non-breaking',
        ['rest-server'],
        where,
        [...y.path, 'headers', name],
        `${status} response header ${name} added: servers must send it`,
      );
    }
  }

  /** The project's envelopes: success bodies extend SuccessEnvelope, errors are ErrorResponse. */
  private envelope(status: string, where: string, x: Located, y: Located): void {
    const name = status.startsWith('2') ? 'SuccessEnvelope' : 'ErrorResponse';
    const uses = (doc: JsonObject, at: Located) => {
      const c =
        isObject(at.node) && isObject(at.node.content)
          ? at.node.content['application/json']
          : undefined;
      return isObject(c) && refersTo(doc, c.schema, `#/components/schemas/${name}`);
    };
    if (uses(this.before, x) && !uses(this.after, y)) {
      this.push(
        'envelope-left',
        'breaking',
        ['rest-client', 'rest-server'],
        where,
        [...y.path, 'content'],
        status.startsWith('2')
          ? `${status} response no longer uses the success envelope {status, message, data}`
          : `${status} response no longer uses the error envelope {status, message}`,
      );
    }
  }

  private security(a: Operation, b: Operation, where: string): void {
    const x = security(this.before, a);
    const y = security(this.after, b);
    const path = [...(Array.isArray(b.node.security) ? b.at : []), 'security'];
    const text = (alts: string[][] | undefined) =>
      alts === undefined
        ? 'none'
        : alts.map((alt) => (alt.length === 0 ? 'anonymous' : alt.join('+'))).join(' | ');
    const satisfies = (have: string[], alternatives: string[][] | undefined) =>
      alternatives === undefined ||
      alternatives.length === 0 ||
      alternatives.some((alt) => alt.every((s) => have.includes(s)));
    const before = x ?? [[]];
    const after = y ?? [[]];
    // A client that satisfied some old alternative must still satisfy a new one.
    const stricter = before.some((alt) => !satisfies(alt, after));
    const laxer = after.some((alt) => !satisfies(alt, before));
    if (stricter) {
      this.push(
        'security-requirement-added',
        'breaking',
        ['rest-client'],
        where,
        path,
        `security ${text(x)} → ${text(y)}: some clients no longer meet it`,
      );
    } else if (laxer) {
      this.push(
        'security-relaxed',
        'non-breaking',
        ['rest-server'],
        where,
        path,
        `security ${text(x)} → ${text(y)}`,
      );
    }
  }

  private securitySchemes(): void {
    const get = (doc: JsonObject) => {
      const c = isObject(doc.components) ? doc.components : {};
      return isObject(c.securitySchemes) ? c.securitySchemes : {};
    };
    const x = get(this.before);
    const y = get(this.after);
    for (const [name, scheme] of Object.entries(x)) {
      const s = deref(this.before, { node: scheme, path: ['components', 'securitySchemes', name] });
      const t = deref(this.after, { node: y[name], path: ['components', 'securitySchemes', name] });
      if (!isObject(s.node) || !isObject(t.node)) continue;
      for (const field of ['type', 'in', 'name', 'scheme', 'bearerFormat']) {
        if (JSON.stringify(s.node[field]) === JSON.stringify(t.node[field])) continue;
        this.push(
          'security-scheme-changed',
          'breaking',
          ['rest-client', 'rest-server'],
          `security scheme ${name}`,
          [...t.path, field],
          `${field} ${JSON.stringify(s.node[field])} → ${JSON.stringify(t.node[field])}: credentials are sent differently`,
        );
      }
    }
  }
}

/** Whether a schema is, or extends through allOf, the given component. */
function refersTo(doc: JsonObject, schema: Json | undefined, ref: string, depth = 0): boolean {
  if (!isObject(schema) || depth > 10) return false;
  if (schema.$ref === ref) return true;
  if (typeof schema.$ref === 'string') {
    return refersTo(doc, deref(doc, { node: schema, path: [] }).node, ref, depth + 1);
  }
  return Array.isArray(schema.allOf) && schema.allOf.some((m) => refersTo(doc, m, ref, depth + 1));
}

export function diffRest(before: JsonObject, after: JsonObject): Change[] {
  return new RestDiff(before, after).run();
}
