// Reproductions for socket findings: what one check did so far (REST calls, connects,
// emits), written back as a minimal socket.io-client script that does the same and logs
// what every socket receives, ending with the event the finding is about. Conversation
// SIDs a REST call created become variables, so the script works on a fresh server.
import type { HttpExchange } from './http.ts';
import { isObject } from './spec.ts';

type Action =
  | { kind: 'rest'; method: string; url: string; body: string | undefined; sid?: string }
  | { kind: 'connect'; name: string; url: string; path: string; token: boolean }
  | { kind: 'emit'; name: string; event: string; args: unknown[] }
  | { kind: 'disconnect'; name: string };

const MAX_ACTIONS = 40;

function variable(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `s_${clean}`;
}

export class Transcript {
  private readonly actions: Action[] = [];

  rest(ex: HttpExchange): void {
    const data = isObject(ex.json) ? ex.json.data : undefined;
    const sid =
      isObject(data) && typeof data.conversation_sid === 'string'
        ? data.conversation_sid
        : undefined;
    this.push({
      kind: 'rest',
      method: ex.method,
      url: ex.url,
      body: ex.requestBody?.startsWith('multipart') ? undefined : ex.requestBody,
      ...(sid && ex.status < 300 ? { sid } : {}),
    });
  }

  connect(name: string, origin: string, path: string, token: boolean): void {
    this.push({ kind: 'connect', name, url: origin, path, token });
  }

  emit(name: string, event: string, args: unknown[]): void {
    this.push({ kind: 'emit', name, event, args });
  }

  disconnect(name: string): void {
    this.push({ kind: 'disconnect', name });
  }

  private push(action: Action): void {
    this.actions.push(action);
    if (this.actions.length > MAX_ACTIONS) this.actions.splice(0, 1);
  }

  /** True once a socket took part: the reproduction is then a script, not a curl line. */
  get usesSockets(): boolean {
    return this.actions.some((a) => a.kind === 'connect');
  }

  /** The script; `expect` names the event (or `disconnect`) the finding is about. */
  script(expect: string): string {
    const lines = [
      '// npm i socket.io-client; save as repro.mjs; node repro.mjs',
      "import { io } from 'socket.io-client';",
      'const pause = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));',
    ];
    const sids = new Map<string, string>();
    const withSids = (text: string) => {
      let out = text;
      for (const [sid, name] of sids) out = out.split(JSON.stringify(sid)).join(name);
      return out;
    };
    let n = 0;
    for (const a of this.actions) {
      if (a.kind === 'rest') {
        const init = [`method: '${a.method}'`];
        if (a.body !== undefined) {
          init.push("headers: { 'content-type': 'application/json' }");
          init.push(`body: JSON.stringify(${withSids(a.body)})`);
        }
        const call = `await fetch(${JSON.stringify(a.url)}, { ${init.join(', ')} }).then((r) => r.json())`;
        if (a.sid) {
          n += 1;
          const name = `sid${n}`;
          lines.push(`const ${name} = (${call}).data.conversation_sid;`);
          sids.set(a.sid, name);
        } else {
          lines.push(`console.log(${call});`);
        }
      } else if (a.kind === 'connect') {
        const v = variable(a.name);
        const auth = a.token ? ', auth: { token: process.env.TOKEN }' : '';
        lines.push(
          `const ${v} = io(${JSON.stringify(a.url)}, { path: ${JSON.stringify(a.path)}, transports: ['websocket']${auth} });`,
          `${v}.onAny((event, payload) => console.log(${JSON.stringify(`${a.name} ←`)}, event, JSON.stringify(payload)));`,
          `${v}.on('disconnect', (reason) => console.log(${JSON.stringify(`${a.name} disconnected:`)}, reason));`,
          'await pause();',
        );
      } else if (a.kind === 'emit') {
        const args = a.args.map((x) =>
          x === undefined ? 'undefined' : withSids(JSON.stringify(x)),
        );
        const shown = args.map((x) => (x.length > 400 ? `${x.slice(0, 400)}… /* cut */` : x));
        lines.push(
          `${variable(a.name)}.emit(${[JSON.stringify(a.event), ...shown].join(', ')});`,
          'await pause();',
        );
      } else {
        lines.push(`${variable(a.name)}.disconnect();`, 'await pause();');
      }
    }
    lines.push(`// expected per asyncapi.yaml: see the finding (${expect})`, 'process.exit(0);');
    return lines.join('\n');
  }
}
