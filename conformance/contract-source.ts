// `--spec <dir|url>`: another version of the contract, compiled at run time. A folder holds
// openapi.yaml + asyncapi.yaml (bundled as the code generator bundles spec/) or the bundled
// openapi.json + asyncapi.json; a base URL is a server publishing its contract at
// /openapi.json and /asyncapi.json. The documents go through the code generator's own
// readers (operations, events, which schema each validator checks) and ajv compiles the
// validators here, as the generator does ahead of time for the built-in contract.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readRestModel } from '../scripts/generate/rest-model.ts';
import { readSocketModel } from '../scripts/generate/socket-model.ts';
import {
  ASYNCAPI_ID,
  collectValidators,
  OPENAPI_ID,
} from '../scripts/generate/validator-entries.ts';
import { networkReason } from './http.ts';
import {
  type Audience,
  type ClientEventName,
  type Contract,
  isObject,
  type Json,
  type JsonObject,
  type RestValidatorSet,
  type ServerEventName,
  type ValidateFunction,
} from './spec.ts';

/** The contract cannot be loaded: a usage-level problem (exit 2), said in one line. */
export class ContractError extends Error {
  override name = 'ContractError';
  constructor(message: string) {
    // A parser's code frame after the first line would bury the reason.
    super(message.split('\n')[0]?.replace(/:$/, '') ?? message);
  }
}

interface Documents {
  openapi: JsonObject;
  asyncapi: JsonObject;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

async function fetchDocument(base: string, name: string, timeoutMs: number): Promise<Json> {
  const url = new URL(name, base.endsWith('/') ? base : `${base}/`).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    throw new ContractError(`--spec: cannot fetch ${url}: ${networkReason(error)}`);
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new ContractError(
      `--spec: ${url} answered ${response.status}; a server publishes its contract at /${name}`,
    );
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ContractError(`--spec: ${url} is not JSON (${JSON.stringify(text.slice(0, 60))})`);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function readFolder(dir: string): Promise<Documents> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ContractError(`--spec: ${dir} does not exist`);
  if (!info.isDirectory()) throw new ContractError(`--spec: ${dir} is not a folder`);
  const has = async (name: string) => exists(path.join(dir, name));
  if ((await has('openapi.yaml')) && (await has('asyncapi.yaml'))) {
    // Loaded only here: YAML is for spec folders, the default run never needs it.
    const { loadSpecs } = await import('../scripts/spec/bundle.ts');
    try {
      return loadSpecs(dir);
    } catch (error) {
      throw new ContractError(`--spec: ${(error as Error).message}`);
    }
  }
  if ((await has('openapi.json')) && (await has('asyncapi.json'))) {
    const read = async (name: string): Promise<Json> => {
      try {
        return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Json;
      } catch (error) {
        throw new ContractError(`--spec: ${path.join(dir, name)}: ${(error as Error).message}`);
      }
    };
    return checked(await read('openapi.json'), await read('asyncapi.json'), dir);
  }
  throw new ContractError(
    `--spec: ${dir} holds neither openapi.yaml + asyncapi.yaml nor openapi.json + asyncapi.json`,
  );
}

/** The two documents, if they are what they claim to be (OpenAPI 3.1, AsyncAPI 3). */
function checked(openapi: Json, asyncapi: Json, where: string): Documents {
  if (!isObject(openapi) || typeof openapi.openapi !== 'string' || !/^3\./.test(openapi.openapi)) {
    throw new ContractError(`--spec: the OpenAPI document from ${where} is not OpenAPI 3.x`);
  }
  if (!isObject(openapi.paths)) {
    throw new ContractError(`--spec: the OpenAPI document from ${where} has no paths`);
  }
  if (
    !isObject(asyncapi) ||
    typeof asyncapi.asyncapi !== 'string' ||
    !/^3\./.test(asyncapi.asyncapi)
  ) {
    throw new ContractError(`--spec: the AsyncAPI document from ${where} is not AsyncAPI 3.x`);
  }
  return { openapi: openapi as JsonObject, asyncapi: asyncapi as JsonObject };
}

/** Reads the documents of `source` (a folder or a server's base URL). */
export async function readDocuments(source: string, timeoutMs = 10_000): Promise<Documents> {
  if (isUrl(source)) {
    const [openapi, asyncapi] = await Promise.all([
      fetchDocument(source, 'openapi.json', timeoutMs),
      fetchDocument(source, 'asyncapi.json', timeoutMs),
    ]);
    return checked(openapi, asyncapi, source);
  }
  const dir = path.resolve(source);
  const docs = await readFolder(dir);
  return checked(docs.openapi, docs.asyncapi, source);
}

/** Compiles the checks' view of two documents: operations, events, validators. */
export function compileContract(docs: Documents, source: string): Contract {
  const { openapi, asyncapi } = docs;
  let entries: ReturnType<typeof collectValidators>;
  let events: ReturnType<typeof readSocketModel>;
  try {
    events = readSocketModel(asyncapi);
    entries = collectValidators(openapi, readRestModel(openapi), events);
  } catch (error) {
    throw new ContractError(`--spec: ${source}: ${(error as Error).message}`);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('binary', true);
  // One base URI, so `openapi.json#/…` in an entry resolves as beside generated/schemas.json.
  const base = 'https://chat-contract.invalid/';
  const schemas: Record<string, Json> = {};
  const rest: Record<string, RestValidatorSet> = {};
  const socket: Record<string, ValidateFunction> = {};
  const compiled = new Map<string, ValidateFunction>();
  try {
    ajv.addSchema({ ...openapi, $id: `${base}${OPENAPI_ID}` });
    ajv.addSchema({ ...asyncapi, $id: `${base}${ASYNCAPI_ID}` });
    for (const entry of entries) {
      schemas[entry.exportName] = entry.schema;
      const key = JSON.stringify(entry.schema);
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile({
          ...(entry.schema as JsonObject),
          $id: `${base}${entry.exportName}.json`,
        });
        compiled.set(key, validate);
      }
      const { target } = entry;
      if (target.kind === 'socket') {
        socket[target.event] = validate;
        continue;
      }
      const set = rest[target.operationId] ?? { responses: {} };
      rest[target.operationId] = set;
      if (target.part === 'response') set.responses[target.status] = validate;
      else set[target.part] = validate;
    }
  } catch (error) {
    throw new ContractError(
      `--spec: ${source}: a schema does not compile: ${(error as Error).message}`,
    );
  }
  const audience: Record<string, Audience> = {};
  const emits: Contract['emits'] = {};
  for (const event of events) {
    if (event.audience) audience[event.name] = event.audience;
    if (event.emits) {
      emits[event.name] = event.emits.map((e) => ({
        event: e.event as ServerEventName,
        to: e.to,
      }));
    }
  }
  const named = (direction: 'clientToServer' | 'serverToClient') =>
    events.filter((e) => e.direction === direction).map((e) => e.name);
  return {
    source,
    openapi,
    asyncapi,
    schemas,
    rest,
    socket,
    clientEvents: named('clientToServer') as ClientEventName[],
    serverEvents: named('serverToClient') as ServerEventName[],
    audience,
    emits,
  };
}

/** `--spec <dir|url>` as a contract to install with installContract. */
export async function loadContract(source: string, timeoutMs?: number): Promise<Contract> {
  return compileContract(await readDocuments(source, timeoutMs), source);
}
