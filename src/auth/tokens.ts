// Access tokens. Local mode signs an HS256 JWT (identity in `sub`, valid one hour) with a
// secret from TOKEN_SECRET or one created once and kept in the data dir, so tokens survive
// a restart. The Twilio provider brings its own TokenService (Twilio AccessToken).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';

export const TOKEN_TTL_SECONDS = 3600;
const ISSUER = 'chat-contract';

/** What a valid token proves: who, and until when (a socket is cut at `expiresAt`). */
export interface VerifiedToken {
  identity: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface TokenService {
  issue(identity: string): Promise<string>;
  /** Throws when the token is invalid, expired, or has no expiry (`exp`). */
  verify(token: string): Promise<VerifiedToken>;
}

/** A token must say when it ends: one without `exp` would be valid forever. */
export const REQUIRED_CLAIMS = ['exp'];

export function expiryOf(payload: { exp?: number }): number {
  if (typeof payload.exp !== 'number') throw new Error('token has no expiry');
  return payload.exp * 1000;
}

export function createLocalTokenService(secret: Uint8Array): TokenService {
  return {
    issue: (identity) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
        .sign(secret),
    async verify(token) {
      const { payload } = await jwtVerify(token, secret, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        requiredClaims: REQUIRED_CLAIMS,
      });
      if (typeof payload.sub !== 'string') throw new Error('token has no subject');
      return { identity: payload.sub, expiresAt: expiryOf(payload) };
    },
  };
}

/** TOKEN_SECRET if set; else a secret kept in `<dataDir>/token-secret`; random in memory mode. */
export function resolveTokenSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  if (dataDir === ':memory:') return randomBytes(32);
  const file = path.join(dataDir, 'token-secret');
  let stored: string;
  try {
    stored = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32);
    writeFileSync(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
    return secret;
  }
  // A damaged file must not silently become a weak or empty key.
  if (!/^[0-9a-f]{64,}$/i.test(stored)) {
    throw new Error(`${file} is not a hex secret of at least 32 bytes: fix or delete it`);
  }
  return Buffer.from(stored, 'hex');
}
