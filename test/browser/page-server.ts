// The fixture page for the browser test: fixture/main.jsx (React rendering the frontend
// guide's ChatComponent, with socket.io-client) bundled with esbuild at test time, served by a
// small static server on its own ephemeral port, so the page talks to the chat server
// cross-origin, as a frontend on another host would.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture');

/** Bundles fixture/main.jsx for the browser, with React's development build (its warnings). */
export async function buildBundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(FIXTURE_DIR, 'main.jsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    jsxDev: true,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for fixture/main.jsx');
  return output.text;
}

/** 0.1 s of silence as a WAV file: what the guide's playNotificationSound fetches. */
export function silentWav(): Buffer {
  const samples = 800;
  const wav = Buffer.alloc(44 + samples, 128);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(8000, 24); // sample rate
  wav.writeUInt32LE(8000, 28); // byte rate
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  return wav;
}

function indexHtml(chatServerUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>ChatComponent</title>
    <link rel="icon" href="data:," />
    <script>window.CHAT_SERVER_URL = ${JSON.stringify(chatServerUrl)};</script>
  </head>
  <body>
    <div id="root"></div>
    <script src="/bundle.js"></script>
  </body>
</html>
`;
}

export interface PageServer {
  /** Origin of the page, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `/` (index.html, whatever the query string), `/bundle.js` and `/notification.mp3`;
 * anything else is a 404.
 */
export async function startPageServer(chatServerUrl: string): Promise<PageServer> {
  const bundle = await buildBundle();
  const files = new Map<string, { type: string; body: string | Buffer }>([
    ['/', { type: 'text/html; charset=utf-8', body: indexHtml(chatServerUrl) }],
    ['/bundle.js', { type: 'text/javascript; charset=utf-8', body: bundle }],
    // WAV bytes under the guide's file name: browsers sniff media content.
    ['/notification.mp3', { type: 'audio/wav', body: silentWav() }],
  ]);
  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://page').pathname);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
