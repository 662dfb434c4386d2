// X-Forwarded-* is believed only from proxies named in TRUST_PROXY: by default a client on
// loopback cannot choose the protocol (or host) of the media URLs the server hands out.
import { describe, expect, it } from 'vitest';
import { expectStatus, modes, useServer } from './harness.ts';

const local = modes.filter((m) => m.name === 'local');

function png(): FormData {
  const data = new FormData();
  data.append('image', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
  return data;
}

describe.each(local)('forwarded headers ($name)', (mode) => {
  const ctx = useServer(mode);

  it('without TRUST_PROXY, X-Forwarded-Proto does not reach media URLs', async () => {
    const res = await ctx.server.request('POST', '/api/upload/image', {
      body: png(),
      headers: { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example' },
    });
    const { url } = expectStatus(res, 'uploadMedia', 200);
    expect(url.startsWith(`${ctx.server.url}/api/media/`)).toBe(true);
  });
});

describe.each(local)('forwarded headers with TRUST_PROXY=loopback ($name)', (mode) => {
  const ctx = useServer(mode, { env: { TRUST_PROXY: 'loopback' } });

  it('a named proxy is believed', async () => {
    const res = await ctx.server.request('POST', '/api/upload/image', {
      body: png(),
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(expectStatus(res, 'uploadMedia', 200).url.startsWith('https://')).toBe(true);
  });
});
