// Reads who may call each operation out of the spec (`x-access` on every OpenAPI operation
// and every AsyncAPI receive operation) and emits the rule tables the server's one
// authorization step interprets (src/auth/policy.ts). Every operation must declare one,
// so adding an endpoint forces the decision.
import { followRef, isObject, type Json, type JsonObject } from '../spec/json.ts';

export interface AccessRule {
  actsAs?: string[];
  participantOf?: string;
  includesCaller?: string;
  scopedTo?: string;
}

export class AccessModelError extends Error {}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** REST values are addressed as `path.x`, `query.x` or `body.x`; socket values by field. */
const REST_VALUE = /^(path|query|body)\.[A-Za-z_][A-Za-z0-9_]*$/;
const SOCKET_VALUE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYS = new Set(['actsAs', 'participantOf', 'includesCaller', 'scopedTo']);

function readRule(raw: Json | undefined, where: string, value: RegExp): AccessRule {
  if (!isObject(raw)) throw new AccessModelError(`${where}: x-access must be an object`);
  const rule: AccessRule = {};
  for (const [key, entry] of Object.entries(raw)) {
    if (!KEYS.has(key)) throw new AccessModelError(`${where}: unknown x-access key ${key}`);
    const values = key === 'actsAs' ? entry : [entry];
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !value.test(v))) {
      throw new AccessModelError(`${where}: x-access.${key} must name request values (${value})`);
    }
    if (key === 'actsAs') rule.actsAs = values as string[];
    else rule[key as Exclude<keyof AccessRule, 'actsAs'>] = values[0] as string;
  }
  return rule;
}

export function readAccess(
  openapi: JsonObject,
  asyncapi: JsonObject,
): { rest: Map<string, AccessRule>; socket: Map<string, AccessRule> } {
  const rest = new Map<string, AccessRule>();
  for (const [path, rawItem] of Object.entries(isObject(openapi.paths) ? openapi.paths : {})) {
    const item = followRef(openapi, rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op) || typeof op.operationId !== 'string') continue;
      const where = `${method.toUpperCase()} ${path}`;
      rest.set(op.operationId, readRule(op['x-access'], where, REST_VALUE));
    }
  }
  const socket = new Map<string, AccessRule>();
  const operations = isObject(asyncapi.operations) ? asyncapi.operations : {};
  for (const [operationId, raw] of Object.entries(operations)) {
    const op = followRef(asyncapi, raw);
    if (!isObject(op) || op.action !== 'receive') continue;
    const messages = Array.isArray(op.messages) ? op.messages : [];
    const message = followRef(asyncapi, messages[0]);
    if (!isObject(message) || typeof message.name !== 'string') continue;
    socket.set(message.name, readRule(op['x-access'], `operations.${operationId}`, SOCKET_VALUE));
  }
  return { rest, socket };
}

function table(rules: Map<string, AccessRule>): string {
  return [...rules]
    .map(([name, rule]) => `  ${JSON.stringify(name)}: ${JSON.stringify(rule)},`)
    .join('\n');
}

export function emitAccess(openapi: JsonObject, asyncapi: JsonObject): string {
  const { rest, socket } = readAccess(openapi, asyncapi);
  return `import type { ClientEventName } from './events.ts';
import type { OperationId } from './rest-handlers.ts';

/** Who may call an operation (the spec's \`x-access\`); see openapi.yaml "Authorization". */
export interface AccessRule {
  /** Request values that must be the caller's identity (403 / \`forbidden\`). */
  readonly actsAs?: readonly string[];
  /** The conversation the caller must participate in (404 / \`not_found\`, as unknown). */
  readonly participantOf?: string;
  /** A participant list (objects with \`id\`) that must contain the caller (403). */
  readonly includesCaller?: string;
  /** A list filter that defaults to the caller and may name nobody else (403). */
  readonly scopedTo?: string;
}

/** Per REST operation; values are addressed as \`path.x\`, \`query.x\` or \`body.x\`. */
export const restAccess = {
${table(rest)}
} as const satisfies Record<OperationId, AccessRule>;

/** Per client event; values are payload fields. */
export const socketAccess = {
${table(socket)}
} as const satisfies Record<ClientEventName, AccessRule>;
`;
}
