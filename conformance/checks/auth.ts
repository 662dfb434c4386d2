// Optional authentication, judged either way: a server that requires a bearer token must
// answer 401 (with the envelope) on every protected operation without one or with a bad
// one, and never on the public ones (generate-token, /healthz, media bytes; generate-token
// may require its own issuer key instead); a server that refuses a socket handshake must
// say `unauthorized`. A server without auth passes those. Whenever a token is presented, a
// request acting as another identity (message author, userId) is refused with 403.
import { type Check, type CheckContext, defineCheck } from '../context.ts';
import type { HttpCall } from '../http.ts';
import { SocketConnectError, TestSocket } from '../socket-client.ts';
import { isObject, type Operation, operations } from '../spec.ts';
import { validBodyCall, validParam } from './requests.ts';

/** A token for `identity`: the run's (--auth), else straight from generate-token. */
async function tokenOf(t: CheckContext, identity: string): Promise<string | undefined> {
  if (t.options.auth) return t.run.tokenFor(identity);
  const ex = await t.http.call('generateToken', { json: { user_id: identity }, auth: false });
  return ex.status === 200 && isObject(ex.json) && typeof ex.json.token === 'string'
    ? ex.json.token
    : undefined;
}

/** A valid request of `op` that acts as `actor` (its `userId` or body `author`). */
async function callActingAs(t: CheckContext, op: Operation, actor: string): Promise<HttpCall> {
  const where = op.actsAs;
  if (!where) throw new Error(`${op.id} does not act as an identity`);
  const params: Record<string, string> = {};
  for (const p of op.parameters.filter((q) => q.in === 'path')) {
    params[p.name] = where.in === 'path' && p.name === where.name ? actor : await validParam(t, p);
  }
  const body = validBodyCall(t, op);
  if (where.in === 'body') {
    if (body.form) body.form.set(where.name, actor);
    else body.json = { ...(body.json as Record<string, unknown>), [where.name]: actor };
  }
  return {
    method: op.method.toUpperCase(),
    path: t.http.path(op.id, params),
    ...(where.in === 'query' ? { query: { [where.name]: actor } } : {}),
    ...body,
    operationId: op.id,
  };
}

export function authChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'auth.consistent',
      description:
        'if a token is required, every protected operation answers 401 without one or with a bad one; public ones never do',
      async run(t) {
        const probe = await t.http.call('listConversations', {
          query: { userId: t.id('probe') },
          auth: false,
        });
        const required = probe.status === 401;
        for (const op of operations) {
          const params: Record<string, string> = {};
          for (const p of op.parameters.filter((q) => q.in === 'path'))
            params[p.name] = await validParam(t, p);
          if (op.isPublic) {
            const ex = await t.http.call(op.id, { ...validBodyCall(t, op), params, auth: false });
            // Its security may offer another scheme a server can require (generate-token's
            // issuer key): then 401 is declared and allowed.
            const otherScheme = op.otherSchemes.length > 0 && op.statuses.includes(401);
            if (ex.status === 401 && !otherScheme) {
              t.judge(
                ex,
                op.id,
                [200],
                `${op.id} needs no bearer token (its security offers none): it never answers 401`,
              );
            }
            continue;
          }
          if (!required) continue;
          const missing = await t.http.call(op.id, {
            ...validBodyCall(t, op),
            params,
            auth: false,
          });
          t.judge(
            missing,
            op.id,
            [401],
            'a server that requires a token answers 401 on every protected operation without one',
          );
          const forged = await t.http.send({
            method: op.method.toUpperCase(),
            path: t.http.path(op.id, params),
            ...validBodyCall(t, op),
            operationId: op.id,
            auth: false,
            headers: { authorization: 'Bearer not.a.token' },
          });
          t.judge(
            forged,
            op.id,
            [401],
            'a server that requires a token answers 401 to an invalid one',
          );
        }
      },
    }),
    defineCheck({
      group: 'rest',
      name: 'auth.acts-as-token',
      description:
        "with a token, a request may only act as the token's identity (message author, userId filter): 403 otherwise",
      async run(t) {
        // One fixed token (--token) names an identity the runner does not know.
        if (t.options.token !== undefined) return;
        const [alice, bob] = [t.id('alice'), t.id('bob')];
        const token = await tokenOf(t, alice);
        // A server that does not issue tokens cannot be presented one.
        if (token === undefined) return;
        const authorization = { authorization: `Bearer ${token}` };
        for (const op of operations.filter((o) => o.actsAs)) {
          const as = `${op.actsAs?.in} ${op.actsAs?.name}`;
          const other = await t.http.send({
            ...(await callActingAs(t, op, bob)),
            auth: false,
            headers: authorization,
          });
          t.judge(
            other,
            op.id,
            [403],
            `a request whose ${as} is not the token's identity answers 403 with the error envelope`,
          );
          const own = await t.http.send({
            ...(await callActingAs(t, op, alice)),
            auth: false,
            headers: authorization,
          });
          t.judge(own, op.id, [200], `a request whose ${as} is the token's identity is served`);
        }
      },
    }),
    defineCheck({
      group: 'socket',
      name: 'auth.handshake',
      description:
        'a handshake without a token either succeeds or is refused with connect_error "unauthorized"',
      async run(t) {
        try {
          const socket = await TestSocket.connect({
            url: t.options.url,
            token: undefined,
            timeoutMs: t.options.timeoutMs,
            transports: ['websocket'],
            coverage: t.run.coverage,
            name: 'anonymous',
            identity: t.id('anonymous'),
            cause: () => 'connect without a token',
          });
          t.sockets.push(socket);
        } catch (error) {
          if (!(error instanceof SocketConnectError)) throw error;
          if (error.message !== 'unauthorized') {
            t.fail({
              rule: 'a server that requires a token refuses the handshake with connect_error "unauthorized"',
              expected: 'connect_error: unauthorized',
              actual: `connect_error: ${error.message}`,
              request: 'Socket.IO handshake without auth.token',
            });
          }
        }
      },
    }),
  ];
}
