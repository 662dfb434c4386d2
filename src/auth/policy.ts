// The one authorization step. Every REST operation and client event declares in the spec
// (`x-access`, emitted to generated/access.ts) who may call it; this module interprets
// those rules for a caller, after validation and before any handler runs. The REST router
// and the socket server both call `authorize`: no handler checks identities itself.
//
// Conversations the caller is not in answer exactly like unknown ones (404 / `not_found`)
// so that a token cannot probe which SIDs exist; acting for someone else is 403.
import type { AccessRule } from '../../generated/access.ts';
import { Errors, ForbiddenError } from '../errors.ts';

/** Who is calling: a token's user, the application back end (issuer key), or nobody. */
export type Caller =
  | { kind: 'user'; identity: string }
  | { kind: 'service' }
  /** No credential: only where the server does not require one (open mode). */
  | { kind: 'anonymous' };

export const ANONYMOUS: Caller = { kind: 'anonymous' };
export const SERVICE: Caller = { kind: 'service' };

/** What the policy needs from the store. */
export interface Membership {
  /** False for an unknown conversation as for one the identity is not in. */
  isParticipant(conversationSid: string, identity: string): Promise<boolean>;
}

type Values = Record<string, unknown>;

/** `path.x` in a REST input, `x` in a socket payload. */
function locate(input: Values, address: string): { holder: Values; key: string } | undefined {
  const parts = address.split('.');
  const key = parts.pop() as string;
  let holder: unknown = input;
  for (const part of parts) holder = (holder as Values | undefined)?.[part];
  return typeof holder === 'object' && holder !== null
    ? { holder: holder as Values, key }
    : undefined;
}

function read(input: Values, address: string): unknown {
  const at = locate(input, address);
  return at?.holder[at.key];
}

/** The last segment, as a client knows the field: `body.author` -> `author`. */
const fieldName = (address: string) => address.slice(address.lastIndexOf('.') + 1);

/**
 * Throws ForbiddenError / NotFoundError when `caller` may not make this call. May fill in
 * a `scopedTo` value (a list defaults to the caller's own), so `input` is the very object
 * the handler receives afterwards.
 */
export async function authorize(
  rule: AccessRule,
  caller: Caller,
  input: Values,
  membership: Membership,
): Promise<void> {
  if (caller.kind !== 'user') return;
  const me = caller.identity;
  for (const address of rule.actsAs ?? []) {
    const value = read(input, address);
    if (value !== undefined && value !== me) {
      throw new ForbiddenError(
        `${fieldName(address)} ${String(value)} is not the token's identity ${me}`,
      );
    }
  }
  if (rule.scopedTo !== undefined) {
    const at = locate(input, rule.scopedTo);
    const value = at?.holder[at.key];
    if (value === undefined && at) at.holder[at.key] = me;
    else if (value !== me) {
      throw new ForbiddenError(
        `${fieldName(rule.scopedTo)} ${String(value)} is not the token's identity ${me}`,
      );
    }
  }
  if (rule.includesCaller !== undefined) {
    const list = read(input, rule.includesCaller);
    const ids = Array.isArray(list) ? list.map((p) => (p as { id?: unknown } | null)?.id) : [];
    if (!ids.includes(me)) {
      throw new ForbiddenError(
        `${fieldName(rule.includesCaller)} must include the token's identity ${me}`,
      );
    }
  }
  if (rule.participantOf !== undefined) {
    const sid = read(input, rule.participantOf);
    if (typeof sid !== 'string' || !(await membership.isParticipant(sid, me))) {
      throw Errors.conversationNotFound(String(sid));
    }
  }
}
