// The process logger (pino): JSON lines by default, one readable line per entry with
// LOG_FORMAT=pretty. Secrets never reach it: config values are not logged, and request
// logs carry method, path, status and duration only (no headers, so no credentials).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, pino } from 'pino';
import type { Config } from './config.ts';
import { prettyStream } from './log-format.ts';

export function createLogger(
  config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>,
): Logger {
  const options = { level: config.logLevel };
  return config.logFormat === 'pretty' ? pino(options, prettyStream()) : pino(options);
}

/** What a request log line carries (pino-http serializers). */
export const requestLogSerializers = {
  req: (req: IncomingMessage & { id?: unknown }) => ({
    id: req.id,
    method: req.method,
    url: req.url,
  }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
};

/** `GET /api/conversations 200 4ms` */
export function requestLogMessage(req: IncomingMessage, res: ServerResponse, responseTime: number) {
  return `${req.method} ${req.url} ${res.statusCode} ${Math.round(responseTime)}ms`;
}
