// Turns `--reporter` values (`console`, `json:path`, `junit:path`, …) into reporters that
// write to stdout or to files (parent directories created).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { consoleReporter } from './console.ts';
import { toJson } from './json.ts';
import { toJUnit } from './junit.ts';
import type { Reporter } from './reporter.ts';

export type { Reporter };

export const REPORTER_KINDS = ['console', 'json', 'junit'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

export interface ReporterSpec {
  kind: ReporterKind;
  /** Output file; stdout when absent. */
  file?: string;
}

/** Parses `kind` or `kind:file`; returns an error message for anything else. */
export function parseReporter(value: string): ReporterSpec | string {
  const colon = value.indexOf(':');
  const kind = colon === -1 ? value : value.slice(0, colon);
  const file = colon === -1 ? undefined : value.slice(colon + 1);
  if (!(REPORTER_KINDS as readonly string[]).includes(kind)) {
    return `unknown reporter "${kind}" (expected ${REPORTER_KINDS.join(', ')}, optionally :file)`;
  }
  if (file === '') return `reporter "${kind}:" needs a file name after the colon`;
  return file === undefined ? { kind: kind as ReporterKind } : { kind: kind as ReporterKind, file };
}

async function save(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, text);
}

export interface ReporterIo {
  stdout: (text: string) => void;
  color: boolean;
}

export function createReporter(spec: ReporterSpec, io: ReporterIo): Reporter {
  const { file } = spec;
  if (spec.kind === 'console') {
    if (file === undefined) return consoleReporter({ color: io.color, write: io.stdout });
    const chunks: string[] = [];
    const inner = consoleReporter({ color: false, write: (text) => chunks.push(text) });
    return {
      onStart: inner.onStart,
      onCheckEnd: inner.onCheckEnd,
      async onRunEnd(result) {
        await inner.onRunEnd(result);
        await save(file, chunks.join(''));
      },
    };
  }
  const render = spec.kind === 'json' ? toJson : toJUnit;
  return {
    async onRunEnd(result) {
      if (file === undefined) io.stdout(render(result));
      else await save(file, render(result));
    },
  };
}
