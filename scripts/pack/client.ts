// @chat-contract/client, for frontends: the generated types, the typed client and the
// browser-safe validators, compiled to .js + .d.ts (tsc, from src/client and generated/).
// Its only run-time imports are its two peers, openapi-fetch and socket.io-client.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commonManifest, freshDir, ROOT, versionOf, writeJson, writeText } from './shared.ts';

export const CLIENT_NAME = '@chat-contract/client';

/** ajv's type, declared in the package instead, so that types need no ajv either. */
const VALIDATE_FUNCTION = `/** Where and why a value first broke the schema (an ajv error object). */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
/** True when \`data\` conforms (narrowing it to T); otherwise \`errors\` says why. */
export interface ValidateFunction<T = unknown> {
  (data: unknown): data is T;
  errors?: null | ValidationError[];
}`;

const README = `# @chat-contract/client

Typed client, types and validators for the chat API (REST + Socket.IO), generated from its
OpenAPI 3.1 and AsyncAPI 3.0 documents.

\`\`\`sh
npm install @chat-contract/client   # also installs its peers openapi-fetch and socket.io-client
\`\`\`

\`\`\`ts
import { createChatClient } from '@chat-contract/client';

const chat = createChatClient('http://localhost:3001');
const { data } = await chat.rest.POST('/api/conversations/create', {
  body: { participants: [{ id: 'alice', name: 'Alice' }, { id: 'bob', name: 'Bob' }] },
});
const socket = chat.connectSocket(); // Socket<ServerToClientEvents, ClientToServerEvents>
socket.emit('join_conversation', { conversationSid: data!.data.conversation_sid, identity: 'bob' });
socket.on('new_message', ({ message }) => console.log(message.author, message.body));
\`\`\`

| import | what |
|---|---|
| \`@chat-contract/client\` | \`createChatClient\`, and every type below |
| \`@chat-contract/client/types\` | \`paths\`, \`components\`, \`operations\`, socket event maps and payload types |
| \`@chat-contract/client/validators\` | \`restValidators[operationId]\`, \`socketValidators[event]\`: ahead-of-time JSON Schema validators, no dependencies, browser-safe |
| \`@chat-contract/client/openapi.json\`, \`…/asyncapi.json\` | the two documents |

ES modules with type declarations; works with \`moduleResolution\` \`bundler\`, \`node16\` and
\`nodenext\`, in Node 20+ and in browsers.
`;

/** Relative `.ts` module specifiers as the `.js` files the package ships. */
function jsSpecifiers(code: string): string {
  return code.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function tsc(project: string): void {
  const bin = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [bin, '-p', project], { cwd: ROOT, stdio: 'inherit' });
}

export function buildClient(): string {
  const dir = freshDir('client');
  const out = path.join(dir, 'dist');
  const tsconfig = path.join(dir, 'tsconfig.build.json');
  writeJson(tsconfig, {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      skipLibCheck: true,
      declaration: true,
      // Sources import each other as `.ts` (run by tsx); the package ships `.js`.
      rewriteRelativeImportExtensions: true,
      verbatimModuleSyntax: true,
      rootDir: ROOT,
      outDir: out,
    },
    files: [path.join(ROOT, 'src/client/index.ts'), path.join(ROOT, 'generated/index.ts')],
  });
  tsc(tsconfig);
  // tsc rewrites `.ts` specifiers in the .js it emits but not in the .d.ts.
  for (const file of listFiles(out).filter((f) => f.endsWith('.d.ts'))) {
    writeText(file, jsSpecifiers(readFileSync(file, 'utf8')));
  }

  const generatedOut = path.join(out, 'generated');
  copyFileSync(
    path.join(ROOT, 'generated/validators.js'),
    path.join(generatedOut, 'validators.js'),
  );
  const dts = readFileSync(path.join(ROOT, 'generated/validators.d.ts'), 'utf8').replace(
    /^import type \{ ValidateFunction \} from 'ajv';$/m,
    VALIDATE_FUNCTION,
  );
  writeText(path.join(generatedOut, 'validators.d.ts'), jsSpecifiers(dts));
  if (dts.includes("from 'ajv'")) throw new Error('validators.d.ts still imports ajv');
  for (const doc of ['openapi.json', 'asyncapi.json']) {
    copyFileSync(path.join(ROOT, 'generated', doc), path.join(generatedOut, doc));
  }
  writeText(path.join(dir, 'README.md'), README);

  const entry = (file: string) => ({
    types: `./dist/${file}.d.ts`,
    default: `./dist/${file}.js`,
  });
  writeJson(path.join(dir, 'package.json'), {
    name: CLIENT_NAME,
    description:
      'Typed REST + Socket.IO client, types and browser-safe validators for the chat API',
    ...commonManifest(),
    sideEffects: false,
    exports: {
      '.': entry('src/client/index'),
      './types': entry('generated/index'),
      './validators': entry('generated/validators'),
      './openapi.json': './dist/generated/openapi.json',
      './asyncapi.json': './dist/generated/asyncapi.json',
      './package.json': './package.json',
    },
    types: './dist/src/client/index.d.ts',
    files: ['dist/**/*.js', 'dist/**/*.d.ts', 'dist/**/*.json', 'README.md'],
    peerDependencies: {
      'openapi-fetch': versionOf('openapi-fetch'),
      'socket.io-client': versionOf('socket.io-client'),
    },
  });
  return dir;
}
