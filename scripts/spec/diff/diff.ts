// Compares two versions of the contract (both bundled documents) and returns every change,
// plus each document's version so the caller can tell whether a major was bumped.
import type { Specs } from '../bundle.ts';
import { isObject, type JsonObject } from '../json.ts';
import type { Change, DocName } from './model.ts';
import { diffRest } from './rest.ts';
import { diffSocket } from './socket.ts';

export interface VersionChange {
  before: string | undefined;
  after: string | undefined;
  /** The major number went up: breaking changes in this document are released as such. */
  majorBumped: boolean;
}

export interface SpecDiff {
  changes: Change[];
  versions: Record<DocName, VersionChange>;
}

function version(doc: JsonObject): string | undefined {
  return isObject(doc.info) && typeof doc.info.version === 'string' ? doc.info.version : undefined;
}

function major(v: string | undefined): number | undefined {
  const m = v?.match(/^v?(\d+)/);
  return m ? Number(m[1]) : undefined;
}

function versionChange(before: JsonObject, after: JsonObject): VersionChange {
  const x = version(before);
  const y = version(after);
  const a = major(x);
  const b = major(y);
  return { before: x, after: y, majorBumped: a !== undefined && b !== undefined && b > a };
}

export function diffSpecs(before: Specs, after: Specs): SpecDiff {
  return {
    changes: [
      ...diffRest(before.openapi, after.openapi),
      ...diffSocket(before.asyncapi, after.asyncapi),
    ],
    versions: {
      openapi: versionChange(before.openapi, after.openapi),
      asyncapi: versionChange(before.asyncapi, after.asyncapi),
    },
  };
}
