// When a request carries a token, it may only act as the token's identity (the spec's
// 403). Without a token (auth off and none sent) there is nothing to compare against.
import { ForbiddenError } from '../errors.ts';
import type { RequestContext } from './context.ts';

export function assertActsAs(ctx: RequestContext, identity: string, role: string): void {
  if (ctx.identity !== undefined && ctx.identity !== identity) {
    throw new ForbiddenError(`${role} ${identity} is not the token's identity ${ctx.identity}`);
  }
}
