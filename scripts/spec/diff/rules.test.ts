// Table tests of every spec:diff rule: (before, after, expected classification). Schema rules
// run in all four flows — REST request and response, client and server event — because the
// same edit is breaking one way and not the other.
import { describe, expect, it } from 'vitest';
import type { Specs } from '../bundle.ts';
import { isObject, type Json, type JsonObject } from '../json.ts';
import { diffSpecs } from './diff.ts';
import { specs } from './fixtures.ts';
import { type Change, jsonPath } from './model.ts';

function obj(value: Json | undefined): JsonObject {
  if (!isObject(value)) throw new Error('fixture: not an object');
  return value;
}

function arr(value: Json | undefined): Json[] {
  if (!Array.isArray(value)) throw new Error('fixture: not an array');
  return value;
}

/** Applies the same edit to the item schema in all four places it is used. */
function editItems(edit: (item: JsonObject) => void): Specs {
  const s = specs();
  const op = obj(obj(obj(s.openapi.paths)['/things/{thingId}']).post);
  edit(obj(obj(obj(obj(op.requestBody).content)['application/json']).schema));
  const ok = obj(obj(obj(obj(op.responses)['200']).content)['application/json']);
  const data = obj(obj(arr(obj(ok.schema).allOf)[1]).properties).data;
  edit(obj(data));
  const messages = obj(obj(s.asyncapi.components).messages);
  edit(obj(obj(messages.do_thing).payload));
  edit(obj(obj(messages.thing_done).payload));
  return s;
}

const props = (item: JsonObject) => obj(item.properties);
const prop = (item: JsonObject, name: string) => obj(props(item)[name]);
const required = (item: JsonObject) => arr(item.required);

type Expect = `${'breaking' | 'non-breaking'} ${string}`;
interface SchemaCase {
  name: string;
  edit: (item: JsonObject) => void;
  rule: string;
  /** REST request body and client-event payload (values flow from the frontend). */
  request: Expect;
  /** REST response body and server-event payload (values flow to the frontend). */
  response: Expect;
}

const SCHEMA_CASES: SchemaCase[] = [
  {
    name: 'required field added',
    edit: (i) => {
      props(i).extra = { type: 'string' };
      required(i).push('extra');
    },
    rule: 'field-required-added',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'optional field added',
    edit: (i) => {
      props(i).extra = { type: 'string' };
    },
    rule: 'field-added',
    request: 'non-breaking server',
    response: 'non-breaking client',
  },
  {
    name: 'field removed',
    edit: (i) => {
      delete props(i).kind;
    },
    rule: 'field-removed',
    request: 'breaking client+server',
    response: 'breaking client+server',
  },
  {
    name: 'field renamed (same schema, new name)',
    edit: (i) => {
      props(i).category = props(i).kind ?? null;
      delete props(i).kind;
    },
    rule: 'field-renamed',
    request: 'breaking client+server',
    response: 'breaking client+server',
  },
  {
    name: 'field made required',
    edit: (i) => {
      required(i).push('kind');
    },
    rule: 'field-made-required',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'field made optional',
    edit: (i) => {
      i.required = [];
    },
    rule: 'field-made-optional',
    request: 'non-breaking server',
    response: 'breaking client',
  },
  {
    name: 'type changed',
    edit: (i) => {
      prop(i, 'name').type = 'integer';
    },
    rule: 'type-changed',
    request: 'breaking client+server',
    response: 'breaking client+server',
  },
  {
    name: 'type narrowed',
    edit: (i) => {
      prop(i, 'size').type = 'integer';
    },
    rule: 'type-narrowed',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'type widened',
    edit: (i) => {
      prop(i, 'limit').type = ['integer', 'null'];
    },
    rule: 'type-widened',
    request: 'non-breaking server',
    response: 'breaking client',
  },
  {
    name: 'enum narrowed',
    edit: (i) => {
      prop(i, 'kind').enum = ['a'];
    },
    rule: 'enum-narrowed',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'enum widened',
    edit: (i) => {
      prop(i, 'kind').enum = ['a', 'b', 'c'];
    },
    rule: 'enum-widened',
    request: 'non-breaking server',
    response: 'breaking client',
  },
  {
    name: 'pattern added',
    edit: (i) => {
      prop(i, 'name').pattern = '^[a-z]+$';
    },
    rule: 'pattern-added',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'pattern changed (not comparable)',
    edit: (i) => {
      prop(i, 'code').pattern = '^[A-Z0-9]+$';
    },
    rule: 'pattern-changed',
    request: 'breaking client+server',
    response: 'breaking client+server',
  },
  {
    name: 'format added',
    edit: (i) => {
      prop(i, 'name').format = 'email';
    },
    rule: 'format-added',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'maxLength lowered',
    edit: (i) => {
      prop(i, 'name').maxLength = 5;
    },
    rule: 'maxLength-tightened',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'maxLength raised',
    edit: (i) => {
      prop(i, 'name').maxLength = 50;
    },
    rule: 'maxLength-relaxed',
    request: 'non-breaking server',
    response: 'breaking client',
  },
  {
    name: 'minLength raised',
    edit: (i) => {
      prop(i, 'name').minLength = 3;
    },
    rule: 'minLength-tightened',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'default changed',
    edit: (i) => {
      prop(i, 'limit').default = 20;
    },
    rule: 'default-changed',
    request: 'breaking client+server',
    response: 'breaking client+server',
  },
  {
    name: 'unknown fields accepted',
    edit: (i) => {
      i.additionalProperties = { type: 'string' };
    },
    rule: 'additional-properties-widened',
    request: 'non-breaking server',
    response: 'non-breaking client',
  },
  {
    name: 'array items narrowed',
    edit: (i) => {
      prop(i, 'tags').items = { type: 'string', maxLength: 3 };
    },
    rule: 'maxLength-added',
    request: 'breaking client',
    response: 'non-breaking server',
  },
  {
    name: 'type constraint removed',
    edit: (i) => {
      prop(i, 'name').anyOf = [{ type: 'string' }, { type: 'number' }];
      delete prop(i, 'name').type;
    },
    rule: 'type-removed',
    request: 'non-breaking server',
    response: 'breaking client',
  },
];

const PARTIES: Record<string, Record<string, string[]>> = {
  rest: { client: ['rest-client'], server: ['rest-server'] },
  requestSocket: { client: ['socket-emitter-frontend'], server: ['socket-listener-server'] },
  responseSocket: { client: ['socket-listener-frontend'], server: ['socket-emitter-server'] },
};

function expected(spec: Expect, kind: 'rest' | 'requestSocket' | 'responseSocket') {
  const [severity = '', who = ''] = spec.split(' ');
  const table = PARTIES[kind] ?? {};
  return {
    severity,
    parties: who
      .split('+')
      .flatMap((w) => table[w] ?? [])
      .sort(),
  };
}

const summary = (c: Change | undefined) =>
  c && { severity: c.severity, parties: [...c.parties].sort() };

describe('schema rules: every flow', () => {
  const base = specs();
  for (const c of SCHEMA_CASES) {
    it(c.name, () => {
      const { changes } = diffSpecs(base, editItems(c.edit));
      const find = (where: string, field: string) =>
        changes.find(
          (x) => x.rule === c.rule && x.where.startsWith(where) && x.field.startsWith(field),
        );
      expect(summary(find('POST', 'request body')), 'REST request').toEqual(
        expected(c.request, 'rest'),
      );
      expect(summary(find('POST', '200 response')), 'REST response').toEqual(
        expected(c.response, 'rest'),
      );
      expect(summary(find('event do_thing', 'payload')), 'client event').toEqual(
        expected(c.request, 'requestSocket'),
      );
      expect(summary(find('event thing_done', 'payload')), 'server event').toEqual(
        expected(c.response, 'responseSocket'),
      );
    });
  }

  it('reports nothing for identical documents', () => {
    expect(diffSpecs(specs(), specs()).changes).toEqual([]);
  });

  it('ignores documentation-only edits', () => {
    const after = editItems((i) => {
      i.description = 'now documented';
      prop(i, 'name').examples = ['x'];
    });
    expect(diffSpecs(specs(), after).changes).toEqual([]);
  });

  it('reports a change inside a shared component at the component, with the field it reaches', () => {
    const after = specs();
    obj(obj(after.openapi.components).schemas).Identity = { type: 'string', maxLength: 64 };
    const { changes } = diffSpecs(specs(), after);
    const request = changes.find((c) => c.field === 'request body › owner');
    expect(request).toMatchObject({ rule: 'maxLength-tightened', severity: 'breaking' });
    expect(jsonPath(request?.path ?? [])).toBe('$.components.schemas.Identity.maxLength');
  });
});

interface DocCase {
  name: string;
  /** Applied to both sides first, when the fixture lacks the starting point. */
  setup?: (s: Specs) => void;
  edit: (s: Specs) => void;
  rule: string;
  severity: 'breaking' | 'non-breaking';
  parties: string[];
}

const op = (s: Specs) => obj(obj(obj(s.openapi.paths)['/things/{thingId}']).post);
const ops = (s: Specs) => obj(s.asyncapi.operations);

const DOC_CASES: DocCase[] = [
  {
    name: 'operation removed',
    edit: (s) => {
      delete obj(s.openapi.paths)['/other'];
    },
    rule: 'operation-removed',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'operation moved (same operationId, new path)',
    edit: (s) => {
      const paths = obj(s.openapi.paths);
      paths['/others'] = paths['/other'] ?? null;
      delete paths['/other'];
    },
    rule: 'operation-moved',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'operation added',
    edit: (s) => {
      obj(s.openapi.paths)['/new'] = { get: { operationId: 'getNew', responses: {} } };
    },
    rule: 'operation-added',
    severity: 'non-breaking',
    parties: ['rest-server'],
  },
  {
    name: 'operationId renamed',
    edit: (s) => {
      op(s).operationId = 'createThing';
    },
    rule: 'operation-id-changed',
    severity: 'breaking',
    parties: ['rest-client', 'rest-server'],
  },
  {
    name: 'path parameter renamed (same URL)',
    edit: (s) => {
      const paths = obj(s.openapi.paths);
      const item = obj(paths['/things/{thingId}']);
      obj(arr(obj(item.post).parameters)[0]).name = 'id';
      paths['/things/{id}'] = item;
      delete paths['/things/{thingId}'];
    },
    rule: 'path-parameter-renamed',
    severity: 'breaking',
    parties: ['rest-client', 'rest-server'],
  },
  {
    name: 'required parameter added',
    edit: (s) => {
      arr(op(s).parameters).push({
        name: 'page',
        in: 'query',
        required: true,
        schema: { type: 'integer' },
      });
    },
    rule: 'parameter-required-added',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'optional parameter added',
    edit: (s) => {
      arr(op(s).parameters).push({ name: 'page', in: 'query', schema: { type: 'integer' } });
    },
    rule: 'parameter-added',
    severity: 'non-breaking',
    parties: ['rest-server'],
  },
  {
    name: 'parameter removed',
    edit: (s) => {
      arr(op(s).parameters).pop();
    },
    rule: 'parameter-removed',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'parameter made required',
    edit: (s) => {
      obj(arr(op(s).parameters)[1]).required = true;
    },
    rule: 'parameter-made-required',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'parameter narrowed',
    edit: (s) => {
      obj(obj(arr(op(s).parameters)[1]).schema).enum = ['all', 'mine'];
    },
    rule: 'enum-added',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'parameter default changed',
    edit: (s) => {
      obj(obj(arr(op(s).parameters)[1]).schema).default = 'mine';
    },
    rule: 'default-changed',
    severity: 'breaking',
    parties: ['rest-client', 'rest-server'],
  },
  {
    name: 'request body made optional',
    edit: (s) => {
      obj(op(s).requestBody).required = false;
    },
    rule: 'request-body-made-optional',
    severity: 'non-breaking',
    parties: ['rest-server'],
  },
  {
    name: 'request media type removed',
    edit: (s) => {
      const content = obj(obj(op(s).requestBody).content);
      content['multipart/form-data'] = content['application/json'] ?? null;
      delete content['application/json'];
    },
    rule: 'media-type-removed',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'success status removed',
    edit: (s) => {
      delete obj(op(s).responses)['200'];
    },
    rule: 'status-removed',
    severity: 'breaking',
    parties: ['rest-client', 'rest-server'],
  },
  {
    name: 'error status removed',
    edit: (s) => {
      delete obj(op(s).responses)['400'];
    },
    rule: 'status-removed',
    severity: 'breaking',
    parties: ['rest-server'],
  },
  {
    name: 'status added',
    edit: (s) => {
      obj(op(s).responses)['404'] = { $ref: '#/components/responses/BadRequest' };
    },
    rule: 'status-added',
    severity: 'non-breaking',
    parties: ['rest-client'],
  },
  {
    name: 'success body leaves the envelope',
    edit: (s) => {
      const schema = obj(
        obj(obj(obj(obj(op(s).responses)['200']).content)['application/json']).schema,
      );
      schema.allOf = [arr(schema.allOf)[1] ?? null];
    },
    rule: 'envelope-left',
    severity: 'breaking',
    parties: ['rest-client', 'rest-server'],
  },
  {
    name: 'security requirement added',
    edit: (s) => {
      op(s).security = [{ bearerAuth: [] }];
    },
    rule: 'security-requirement-added',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'security relaxed',
    setup: (s) => {
      op(s).security = [{ bearerAuth: [] }];
    },
    edit: (s) => {
      op(s).security = [{}];
    },
    rule: 'security-relaxed',
    severity: 'non-breaking',
    parties: ['rest-server'],
  },
  {
    name: 'security scheme header renamed',
    edit: (s) => {
      obj(obj(obj(s.openapi.components).securitySchemes).issuerKey).name = 'X-Issuer';
    },
    rule: 'security-scheme-changed',
    severity: 'breaking',
    parties: ['rest-client', 'rest-server'],
  },
  {
    name: 'response header removed',
    setup: (s) => {
      obj(obj(op(s).responses)['200']).headers = { 'X-Total': { schema: { type: 'integer' } } };
    },
    edit: (s) => {
      delete obj(obj(op(s).responses)['200']).headers;
    },
    rule: 'response-header-removed',
    severity: 'breaking',
    parties: ['rest-client'],
  },
  {
    name: 'namespace address changed',
    edit: (s) => {
      obj(obj(s.asyncapi.channels).ns).address = '/chat';
    },
    rule: 'channel-address-changed',
    severity: 'breaking',
    parties: [
      'socket-emitter-frontend',
      'socket-emitter-server',
      'socket-listener-frontend',
      'socket-listener-server',
    ],
  },
  {
    name: 'server event removed',
    edit: (s) => {
      delete ops(s).emitThingSeen;
      arr(obj(ops(s).doThing)['x-emits']).pop();
    },
    rule: 'event-removed',
    severity: 'breaking',
    parties: ['socket-listener-frontend'],
  },
  {
    name: 'client event renamed',
    edit: (s) => {
      obj(obj(obj(s.asyncapi.components).messages).do_thing).name = 'make_thing';
    },
    rule: 'event-renamed',
    severity: 'breaking',
    parties: ['socket-emitter-frontend'],
  },
  {
    name: 'client event added',
    edit: (s) => {
      ops(s).ping = { action: 'receive', messages: [{ name: 'ping' }] };
    },
    rule: 'event-added',
    severity: 'non-breaking',
    parties: ['socket-listener-server'],
  },
  {
    name: 'audience changed (room → others)',
    edit: (s) => {
      obj(ops(s).emitThingSeen)['x-audience'] = 'others';
    },
    rule: 'audience-changed',
    severity: 'breaking',
    parties: ['socket-emitter-server', 'socket-listener-frontend'],
  },
  {
    name: 'reply removed from x-emits',
    edit: (s) => {
      obj(ops(s).doThing)['x-emits'] = [{ event: 'thing_seen', to: 'room' }];
    },
    rule: 'emits-removed',
    severity: 'breaking',
    parties: ['socket-emitter-server', 'socket-listener-frontend'],
  },
  {
    name: 'reply audience changed in x-emits',
    edit: (s) => {
      obj(ops(s).doThing)['x-emits'] = [
        { event: 'thing_done', to: 'sender' },
        { event: 'thing_seen', to: 'others' },
      ];
    },
    rule: 'emits-audience-changed',
    severity: 'breaking',
    parties: ['socket-emitter-server', 'socket-listener-frontend'],
  },
  {
    name: 'reply added to x-emits',
    edit: (s) => {
      obj(ops(s).doThing)['x-emits'] = [
        { event: 'thing_done', to: 'sender' },
        { event: 'thing_seen', to: 'room' },
        { event: 'thing_extra', to: 'sender' },
      ];
    },
    rule: 'emits-added',
    severity: 'non-breaking',
    parties: ['socket-emitter-server', 'socket-listener-frontend'],
  },
  {
    name: 'event turned around',
    edit: (s) => {
      obj(ops(s).emitThingDone).action = 'receive';
    },
    rule: 'event-direction-changed',
    severity: 'breaking',
    parties: [
      'socket-emitter-frontend',
      'socket-emitter-server',
      'socket-listener-frontend',
      'socket-listener-server',
    ],
  },
  {
    name: 'socket security requirement added',
    edit: (s) => {
      obj(ops(s).doThing).security = [{ token: [] }];
    },
    rule: 'security-requirement-added',
    severity: 'breaking',
    parties: ['socket-emitter-frontend'],
  },
];

describe('document rules', () => {
  for (const c of DOC_CASES) {
    it(c.name, () => {
      const before = specs();
      const after = specs();
      c.setup?.(before);
      c.setup?.(after);
      c.edit(after);
      const { changes } = diffSpecs(before, after);
      const found = changes.find((x) => x.rule === c.rule);
      expect(found, JSON.stringify(changes.map((x) => x.rule))).toBeDefined();
      expect(summary(found)).toEqual({ severity: c.severity, parties: [...c.parties].sort() });
    });
  }
});

describe('versions', () => {
  it('tells a major bump per document', () => {
    const after = specs();
    obj(after.openapi.info).version = '2.0.0';
    obj(after.asyncapi.info).version = '1.1.0';
    const { versions } = diffSpecs(specs(), after);
    expect(versions.openapi).toEqual({ before: '1.0.0', after: '2.0.0', majorBumped: true });
    expect(versions.asyncapi.majorBumped).toBe(false);
  });
});
