// @chat-contract/server, for backend teams: the reference server as one bundled module with
// the bin `chat-contract-server`, the docs pages it serves at /docs, and run-time
// dependencies only (no TypeScript loader, no build tools). better-sqlite3, the embedded
// store, is the one native module it compiles (where no prebuilt binary can be fetched).
import { cpSync } from 'node:fs';
import path from 'node:path';
import { bundleProgram, writeBin } from './bundle.ts';
import { commonManifest, freshDir, ROOT, writeJson, writeText } from './shared.ts';

export const SERVER_NAME = '@chat-contract/server';
export const SERVER_BIN = 'chat-contract-server';

const README = `# @chat-contract/server

The reference server of the chat API: REST under \`/api\`, Socket.IO on \`/socket.io\`, docs at
\`/docs\`, over an embedded SQLite store (or Twilio Conversations with \`TWILIO_*\` settings).

\`\`\`sh
npm install @chat-contract/server
npx chat-contract-server            # http://localhost:3001, data in ./data
PORT=8080 DATA_DIR=/var/lib/chat LOG_FORMAT=pretty npx chat-contract-server
\`\`\`

Configuration is read from the environment (and \`.env\`): \`PORT\`, \`HOST\`, \`DATA_DIR\`,
\`LOG_LEVEL\`, \`LOG_FORMAT\`, \`CORS_ORIGIN\`, \`AUTH_REQUIRED\`, \`TOKEN_ISSUER_KEY\`,
\`TOKEN_SECRET\`, \`PUBLIC_URL\`, \`VALIDATE_RESPONSES\` and the \`TWILIO_*\` settings; every
wrong setting is reported on its own line and the server does not start.
`;

export async function buildServer(): Promise<string> {
  const dir = freshDir('server');
  // dist/main.js sits one folder below the package root, as src/main.ts sits below the
  // repository's: the server finds generated/docs the same way in both.
  const { dependencies } = await bundleProgram('src/main.ts', path.join(dir, 'dist', 'main.js'));
  writeBin(path.join(dir, 'bin', `${SERVER_BIN}.js`), `import '../dist/main.js';`);
  // The store's checkpointer runs this file in a worker thread, found beside the module
  // that starts it (src/providers/local/checkpointer.ts): beside the bundle here.
  cpSync(
    path.join(ROOT, 'src', 'providers', 'local', 'checkpoint-worker.mjs'),
    path.join(dir, 'dist', 'checkpoint-worker.mjs'),
  );
  cpSync(path.join(ROOT, 'generated', 'docs'), path.join(dir, 'generated', 'docs'), {
    recursive: true,
  });
  writeText(path.join(dir, 'README.md'), README);
  writeJson(path.join(dir, 'package.json'), {
    name: SERVER_NAME,
    description: 'Reference server of the chat API (Express 5 + Socket.IO 4, SQLite or Twilio)',
    ...commonManifest(),
    bin: { [SERVER_BIN]: `bin/${SERVER_BIN}.js` },
    files: ['bin', 'dist', 'generated', 'README.md'],
    dependencies,
  });
  return dir;
}
