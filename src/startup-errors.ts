// Turns what can go wrong while the server starts (port taken, data directory not writable,
// address not ours) into one line a person can act on, naming the setting to change.
import type { Config } from './config.ts';

interface SystemError extends Error {
  code?: string;
  path?: string;
  port?: number;
  address?: string;
  syscall?: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === 'string';
}

/** One line, no stack: `cannot start: …`. */
export function describeStartupError(
  error: unknown,
  config: Pick<Config, 'port' | 'host' | 'dataDir'>,
): string {
  const prefix = 'cannot start:';
  if (!isSystemError(error)) {
    return `${prefix} ${error instanceof Error ? error.message : String(error)}`;
  }
  const where = `${error.address ?? config.host}:${error.port ?? config.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${prefix} port ${error.port ?? config.port} is already in use (${where}); stop the other process or set PORT to a free port`;
    case 'EACCES':
    case 'EPERM':
      if (error.syscall === 'listen') {
        return `${prefix} no permission to listen on ${where} (ports below 1024 need privileges); set PORT`;
      }
      break;
    case 'EADDRNOTAVAIL':
      return `${prefix} HOST ${config.host} is not an address of this machine; set HOST (e.g. 0.0.0.0)`;
  }
  if (
    error.path !== undefined &&
    config.dataDir !== ':memory:' &&
    error.path.startsWith(config.dataDir)
  ) {
    return `${prefix} DATA_DIR ${config.dataDir} is not a writable directory (${error.code} on ${error.path}); set DATA_DIR to one this process can write`;
  }
  return `${prefix} ${error.message}`;
}
