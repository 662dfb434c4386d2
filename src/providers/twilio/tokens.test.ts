// Twilio access tokens: what generate-token hands out, and which tokens verify() accepts.

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTwilioTokenService } from './tokens.ts';

const config = {
  accountSid: `AC${'1'.repeat(32)}`,
  apiKeySid: `SK${'2'.repeat(32)}`,
  apiKeySecret: 'secretsecretsecretsecretsecret00',
  serviceSid: `IS${'3'.repeat(32)}`,
};

function decode(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map(
      (part) =>
        JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>,
    );
  return { header: header ?? {}, payload: payload ?? {} };
}

describe('Twilio token service', () => {
  const tokens = createTwilioTokenService(config);

  it('issues an AccessToken with a ChatGrant for the service, identity = user, one hour', async () => {
    const token = await tokens.issue('user123');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
    const { header, payload } = decode(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toMatchObject({
      iss: config.apiKeySid,
      sub: config.accountSid,
      grants: { identity: 'user123', chat: { service_sid: config.serviceSid } },
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
    expect((await tokens.verify(token)).identity).toBe('user123');
  });

  it('rejects tokens for another service, another key, or without identity', async () => {
    const other = createTwilioTokenService({ ...config, serviceSid: `IS${'4'.repeat(32)}` });
    await expect(tokens.verify(await other.issue('user123'))).rejects.toThrow(/service/);

    const foreign = createTwilioTokenService({ ...config, apiKeySecret: 'x'.repeat(32) });
    await expect(tokens.verify(await foreign.issue('user123'))).rejects.toThrow();

    const anonymous = await new SignJWT({ grants: { chat: { service_sid: config.serviceSid } } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.apiKeySid)
      .setSubject(config.accountSid)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(config.apiKeySecret));
    await expect(tokens.verify(anonymous)).rejects.toThrow(/identity/);
  });

  it('rejects tokens without an expiry (they would be valid forever)', async () => {
    const forever = await new SignJWT({
      grants: { identity: 'user123', chat: { service_sid: config.serviceSid } },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.apiKeySid)
      .setSubject(config.accountSid)
      .sign(new TextEncoder().encode(config.apiKeySecret));
    await expect(tokens.verify(forever)).rejects.toThrow(/exp/);
  });

  it('rejects expired tokens', async () => {
    const secret = new TextEncoder().encode(config.apiKeySecret);
    const expired = await new SignJWT({
      grants: { identity: 'user123', chat: { service_sid: config.serviceSid } },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.apiKeySid)
      .setSubject(config.accountSid)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(secret);
    await expect(tokens.verify(expired)).rejects.toThrow();
  });
});
