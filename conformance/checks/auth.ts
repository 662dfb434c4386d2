// Optional authentication, judged either way: a server that requires a bearer token must
// answer 401 (with the envelope) on every protected operation without one or with a bad
// one, and never on the public ones (generate-token, /healthz, media bytes); a server that
// refuses a socket handshake must say `unauthorized`. A server without auth passes.
import type { Check } from '../context.ts';
import { SocketConnectError, TestSocket } from '../socket-client.ts';
import { operations } from '../spec.ts';
import { validBodyCall, validParam } from './requests.ts';

export function authChecks(): Check[] {
  return [
    {
      name: 'rest.auth.consistent',
      group: 'rest',
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
            if (ex.status === 401) {
              t.judge(ex, op.id, [200], `${op.id} is public (security: []): it never answers 401`);
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
    },
    {
      name: 'socket.auth.handshake',
      group: 'socket',
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
    },
  ];
}
