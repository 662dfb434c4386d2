// LOG_FORMAT=pretty: pino's JSON lines rewritten for a person at a terminal
// (`12:03:04 INFO  GET /api/conversations 200 4ms  key=value`), without a dependency.
// Production keeps JSON (LOG_FORMAT=json, the default) for log collectors.
import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
/** Fields every line has, or that the message already says. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'req', 'res', 'responseTime']);

function value(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (v !== null && typeof v === 'object' && 'message' in v) {
    const err = v as { message: unknown; stack?: unknown };
    return JSON.stringify(String(err.message));
  }
  return JSON.stringify(v);
}

/** One pino JSON line → one human line (unparseable input passes through unchanged). */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now());
  const clock = time.toISOString().slice(11, 19);
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const rest = Object.entries(entry)
    .filter(([key, v]) => !HIDDEN.has(key) && v !== undefined)
    .map(([key, v]) => `${key}=${value(v)}`)
    .join(' ');
  const stack =
    entry.err &&
    typeof entry.err === 'object' &&
    typeof (entry.err as { stack?: unknown }).stack === 'string'
      ? `\n${(entry.err as { stack: string }).stack}`
      : '';
  return `${clock} ${level} ${String(entry.msg ?? '')}${rest ? `  ${rest}` : ''}${stack}`;
}

/** A destination for pino that writes pretty lines to `out`. */
export function prettyStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) out.write(`${prettyLine(line)}\n`);
      done();
    },
  });
}
