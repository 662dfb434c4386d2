// The TokenService of Twilio mode: a real Twilio AccessToken (HS256 JWT signed with the API
// key secret) with a ChatGrant for the configured Conversations service, identity =
// user_id, valid TOKEN_TTL_SECONDS. The same token authenticates against this server when
// AUTH_REQUIRED is on: verify() checks signature, expiry, issuer (the API key), subject
// (the account) and that the grant names this service. No Twilio call either way.

import { jwtVerify } from 'jose';
import twilio from 'twilio';
import {
  expiryOf,
  REQUIRED_CLAIMS,
  TOKEN_TTL_SECONDS,
  type TokenService,
} from '../../auth/tokens.ts';
import type { TwilioConfig } from './config.ts';

type TokenConfig = Pick<TwilioConfig, 'accountSid' | 'apiKeySid' | 'apiKeySecret' | 'serviceSid'>;

interface TwilioGrants {
  identity?: unknown;
  chat?: { service_sid?: unknown };
}

export function createTwilioTokenService(config: TokenConfig): TokenService {
  const secret = new TextEncoder().encode(config.apiKeySecret);
  return {
    async issue(identity) {
      const token = new twilio.jwt.AccessToken(
        config.accountSid,
        config.apiKeySid,
        config.apiKeySecret,
        { identity, ttl: TOKEN_TTL_SECONDS },
      );
      token.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: config.serviceSid }));
      return token.toJwt();
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256'],
        issuer: config.apiKeySid,
        subject: config.accountSid,
        requiredClaims: REQUIRED_CLAIMS,
      });
      const grants = (payload.grants ?? {}) as TwilioGrants;
      if (typeof grants.identity !== 'string' || grants.identity === '') {
        throw new Error('token has no identity');
      }
      if (grants.chat?.service_sid !== config.serviceSid) {
        throw new Error('token is not for this Conversations service');
      }
      return { identity: grants.identity, expiresAt: expiryOf(payload) };
    },
  };
}
