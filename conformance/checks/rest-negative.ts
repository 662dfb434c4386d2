// Negative REST checks generated from the spec, per operation: bodies that break the schema
// (each required field missing, wrong types, bad patterns/formats/lengths, unknown fields),
// malformed JSON, path/query values that break their schema → the 400 envelope naming the
// field; a well-formed but unknown SID → the 404 envelope. Never 2xx, never 5xx.
import { responseViolations } from '../assert.ts';
import { type Check, type CheckContext, defineCheck } from '../context.ts';
import { createConversation } from '../fixtures.ts';
import { describeRequest, describeResponse, type HttpExchange } from '../http.ts';
import { invalidCases } from '../mutations.ts';
import {
  isObject,
  namedSchema,
  type Operation,
  operation,
  operations,
  type Parameter,
  requestValidator,
} from '../spec.ts';
import {
  hasSchemaConstraints,
  isJsonBodyOperation,
  randomMatching,
  validBodyCall,
  validJsonBody,
  validParam,
} from './requests.ts';

const REJECT_RULE =
  'invalid input is rejected with 400 and the error envelope (never 2xx, never 5xx)';

/** Valid values for every path parameter of `op` (creating what SIDs refer to). */
async function validPath(t: CheckContext, op: Operation): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const p of op.parameters.filter((q) => q.in === 'path'))
    params[p.name] = await validParam(t, p);
  return params;
}

/** Judges the answer to an invalid request: 400, a valid envelope, the field named. */
function expectRejected(
  t: CheckContext,
  ex: HttpExchange,
  op: Operation,
  label: string,
  field?: string,
) {
  for (const problem of responseViolations(ex, op.id)) t.fail(problem);
  if (ex.status !== 400) {
    t.fail({
      rule: REJECT_RULE,
      expected: `HTTP 400 for ${label}`,
      actual: `HTTP ${ex.status}`,
      request: describeRequest(ex),
      response: describeResponse(ex),
    });
    return;
  }
  const message = isObject(ex.json) && typeof ex.json.message === 'string' ? ex.json.message : '';
  if (field !== undefined && message !== '' && !message.includes(field)) {
    t.fail({
      rule: 'a 400 for an invalid field names the field in its message',
      expected: `message mentioning "${field}" (${label})`,
      actual: `message ${JSON.stringify(message)}`,
      request: describeRequest(ex),
    });
  }
}

/** The last property name on a case's path (`$.participants[0].id: …` → `id`). */
function fieldOf(label: string): string | undefined {
  const path = label.split(':')[0] ?? '';
  const names = [...path.matchAll(/\.([A-Za-z_$][\w$]*)|\["([^"]+)"\]/g)].map((m) => m[1] ?? m[2]);
  return names[names.length - 1];
}

function invalidBodyCheck(op: Operation): Check {
  return defineCheck({
    group: 'rest',
    name: `${op.id}.invalid-body`,
    description: `${op.method.toUpperCase()} ${op.path} rejects every body that breaks its schema with 400`,
    async run(t) {
      const validate = requestValidator(op.id, 'body');
      if (!validate) return;
      const params = await validPath(t, op);
      const cases = invalidCases(namedSchema(`rest_${op.id}_body`), validJsonBody(t, op), validate);
      cases.push(
        { label: '$: null instead of an object', value: null },
        { label: '$: a number', value: 42 },
      );
      for (const c of cases) {
        const ex = await t.http.call(op.id, { params, json: c.value });
        expectRejected(t, ex, op, c.label, fieldOf(c.label));
      }
    },
  });
}

const MALFORMED: Array<[label: string, raw: string]> = [
  ['truncated JSON', '{"participants": ['],
  ['text that is not JSON', 'this is not json'],
  ['single-quoted JSON', "{'user_id': 'x'}"],
  ['an empty body (the body is required)', ''],
];

function malformedJsonCheck(op: Operation): Check {
  return defineCheck({
    group: 'rest',
    name: `${op.id}.malformed-json`,
    description: `${op.method.toUpperCase()} ${op.path} answers malformed JSON, a body that does not decompress, or one that is not JSON, with 400`,
    async run(t) {
      const params = await validPath(t, op);
      for (const [label, raw] of MALFORMED) {
        const ex = await t.http.call(op.id, { params, raw, contentType: 'application/json' });
        expectRejected(t, ex, op, label);
      }
      // A valid body labelled with a coding the spec accepts on JSON bodies (gzip, deflate,
      // br) but not compressed: it does not decompress, a malformed body (400), not a server
      // error, and not a request served (a server that ignored the coding would serve it).
      const valid = JSON.stringify(validJsonBody(t, op));
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const ex = await t.http.call(op.id, {
          params,
          raw: valid,
          contentType: 'application/json',
          headers: { 'content-encoding': encoding },
        });
        expectRejected(
          t,
          ex,
          op,
          `a body sent as Content-Encoding ${encoding} that is not compressed`,
        );
      }
      // A body in a content type the operation does not declare is not read as JSON.
      const form = await t.http.call(op.id, {
        params,
        raw: 'participants=x',
        contentType: 'application/x-www-form-urlencoded',
      });
      expectRejected(t, form, op, 'a form-encoded body where JSON is declared');
    },
  });
}

/** Values that break a parameter's schema, confirmed by the generated validator. */
function badValues(op: Operation, param: Parameter, others: Record<string, string>): string[] {
  const validate = requestValidator(op.id, param.in === 'query' ? 'query' : 'path');
  const max = typeof param.schema.maxLength === 'number' ? param.schema.maxLength : undefined;
  const candidates = [
    'not valid!',
    ...(max === undefined ? [] : ['x'.repeat(max + 1)]),
    // An empty path segment would change the route; an empty query value is just invalid.
    ...(param.in === 'query' ? [''] : []),
  ];
  return candidates.filter((value) => validate && !validate({ ...others, [param.name]: value }));
}

function invalidParamsCheck(op: Operation, params: Parameter[]): Check {
  return defineCheck({
    group: 'rest',
    name: `${op.id}.invalid-params`,
    description: `${op.method.toUpperCase()} ${op.path} rejects ${params.map((p) => `${p.in} ${p.name}`).join(', ')} values that break their schema with 400`,
    async run(t) {
      const path = await validPath(t, op);
      for (const param of params) {
        const others = param.in === 'path' ? path : {};
        for (const bad of badValues(op, param, others)) {
          const call =
            param.in === 'path'
              ? { params: { ...path, [param.name]: bad } }
              : { params: path, query: { [param.name]: bad } };
          const ex = await t.http.call(op.id, { ...validBodyCall(t, op), ...call });
          const shown = bad.length > 20 ? `${bad.slice(0, 8)}… (${bad.length} chars)` : bad;
          expectRejected(
            t,
            ex,
            op,
            `${param.in} parameter ${param.name} = ${JSON.stringify(shown)}`,
            param.name,
          );
        }
      }
    },
  });
}

/** A bit over the 1 MiB JSON limit the spec states (openapi.yaml, Limits). */
const OVER_LIMIT = 1024 * 1024 + 64 * 1024;

function tooLargeCheck(op: Operation): Check {
  return defineCheck({
    group: 'rest',
    name: `${op.id}.too-large`,
    description: `${op.method.toUpperCase()} ${op.path} refuses a JSON body over the 1 MiB limit (413), and reads one just under it`,
    async run(t) {
      const params = await validPath(t, op);
      // No body this large can be valid (every string has a maxLength), so 400 is also fair.
      const raw = JSON.stringify({ padding: 'x'.repeat(OVER_LIMIT) });
      const ex = await t.http.call(op.id, { params, raw, contentType: 'application/json' });
      t.judge(
        ex,
        op.id,
        [413, 400],
        'a JSON body over the 1 MiB limit is refused with 413 (never 2xx, never 5xx)',
      );
      // Just under the limit the body is read, then judged by its schema (400, not 413).
      const under = JSON.stringify({ padding: 'x'.repeat(1000 * 1000) });
      const read = await t.http.call(op.id, {
        params,
        raw: under,
        contentType: 'application/json',
      });
      t.judge(
        read,
        op.id,
        [400],
        'a JSON body under the 1 MiB limit is read and validated (400 for an invalid one, not 413)',
      );
    },
  });
}

function malformedMultipartCheck(op: Operation): Check {
  return defineCheck({
    group: 'rest',
    name: `${op.id}.malformed-multipart`,
    description: `${op.method.toUpperCase()} ${op.path} answers a malformed multipart body with 400`,
    async run(t) {
      const params = await validPath(t, op);
      const cases: Array<[label: string, contentType: string, raw: string]> = [
        ['multipart without a boundary', 'multipart/form-data', 'just some bytes'],
        [
          'a truncated multipart body',
          'multipart/form-data; boundary=cc-boundary',
          '--cc-boundary\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhalf a fi',
        ],
      ];
      for (const [label, contentType, raw] of cases) {
        const ex = await t.http.call(op.id, { params, raw, contentType });
        expectRejected(t, ex, op, label);
      }
    },
  });
}

function unknownSidCheck(op: Operation, param: Parameter): Check {
  return defineCheck({
    group: 'rest',
    name: `${op.id}.unknown-sid`,
    description: `${op.method.toUpperCase()} ${op.path} answers an unknown ${param.name} with the 404 envelope`,
    async run(t) {
      const sid = randomMatching(t, param.schema);
      const ex = await t.http.call(op.id, {
        ...validBodyCall(t, op),
        params: { [param.name]: sid },
      });
      t.judge(ex, op.id, [404], `an unknown ${param.name} answers 404 with the error envelope`);
    },
  });
}

/** What the Identity pattern rules out, one character class at a time (common.yaml#/Identity). */
const FORBIDDEN_IN_IDENTITY: Array<[label: string, value: string]> = [
  ['a slash', 'a/b'],
  ['a backslash', 'a\\b'],
  ['a space', 'a b'],
  ['a tab', 'a\tb'],
  ['a question mark', 'a?b'],
  ['a hash', 'a#b'],
  ['a percent sign', 'a%b'],
  ['129 characters', 'x'.repeat(129)],
];

/** Every form of identity the pattern forbids is refused wherever an identity is read. */
function forbiddenIdentityCheck(): Check {
  return defineCheck({
    group: 'rest',
    name: 'identity.forbidden-forms',
    description:
      'an identity with whitespace, / \\ ? # % or over 128 characters is refused with 400 naming the field, in bodies and in the query',
    covers: ['createConversation', 'sendMessage', 'listConversations'],
    async run(t) {
      const create = operation('createConversation');
      const send = operation('sendMessage');
      const list = operation('listConversations');
      const sid = await createConversation(t, [t.id('alice')]);
      for (const [label, bad] of FORBIDDEN_IN_IDENTITY) {
        const created = await t.http.call('createConversation', {
          json: { participants: [{ id: bad, name: 'A' }] },
        });
        expectRejected(t, created, create, `participant id with ${label}`, 'id');
        const sent = await t.http.call('sendMessage', {
          params: { convoSid: sid },
          json: { body: 'hi', author: bad },
        });
        expectRejected(t, sent, send, `author with ${label}`, 'author');
        const listed = await t.http.call('listConversations', { query: { userId: bad } });
        expectRejected(t, listed, list, `?userId= with ${label}`, 'userId');
      }
    },
  });
}

export function restNegativeChecks(): Check[] {
  const checks: Check[] = [forbiddenIdentityCheck()];
  for (const op of operations) {
    if (isJsonBodyOperation(op) && requestValidator(op.id, 'body')) {
      checks.push(invalidBodyCheck(op), malformedJsonCheck(op));
      if (op.statuses.includes(413)) checks.push(tooLargeCheck(op));
    }
    if (op.requestBodyTypes.includes('multipart/form-data'))
      checks.push(malformedMultipartCheck(op));
    const constrained = op.parameters.filter(
      (p) => (p.in === 'path' || p.in === 'query') && hasSchemaConstraints(p.schema),
    );
    if (constrained.length) checks.push(invalidParamsCheck(op, constrained));
    const sidParam = op.parameters.find(
      (p) => p.in === 'path' && typeof p.schema.pattern === 'string',
    );
    if (sidParam && op.statuses.includes(404) && /\{\d+\}/.test(String(sidParam.schema.pattern))) {
      checks.push(unknownSidCheck(op, sidParam));
    }
  }
  return checks;
}
