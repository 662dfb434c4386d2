// The process logger (pino, JSON lines). Secrets never reach it: config values are not
// logged, and authorization headers are redacted from request logs.
import { type Logger, pino } from 'pino';
import type { Config } from './config.ts';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  });
}
