// @chat-contract/conformance, for QA: the runner as one bundled module with the contract it
// checks built in (the generated documents and validators), plus the spec itself (spec/*.yaml
// and the bundled JSON documents) for reading and for `--spec`. Run as
// `npx chat-contract-conformance --url …`.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bundleProgram, writeBin } from './bundle.ts';
import { commonManifest, freshDir, ROOT, writeJson, writeText } from './shared.ts';

export const CONFORMANCE_NAME = '@chat-contract/conformance';
export const CONFORMANCE_BIN = 'chat-contract-conformance';

const README = `# @chat-contract/conformance

Checks any running chat server (REST and Socket.IO) against the chat API's contract, and
reports every violation with the rule it breaks, expected vs actual and the request that
caused it.

\`\`\`sh
npx chat-contract-conformance --url http://localhost:3001
npx chat-contract-conformance --url http://host:3001 --reporter console --reporter junit:reports/conformance.xml
npx chat-contract-conformance --help
\`\`\`

Exit status: 0 every selected check passed, 1 violations, 2 usage error or server
unreachable. The contract it checks ships with it in \`spec/\` (OpenAPI 3.1 and AsyncAPI 3.0
sources, and the bundled \`openapi.json\` / \`asyncapi.json\`).
`;

export async function buildConformance(): Promise<string> {
  const dir = freshDir('conformance');
  const { dependencies } = await bundleProgram(
    'conformance/cli.ts',
    path.join(dir, 'dist', 'cli.js'),
  );
  writeBin(
    path.join(dir, 'bin', `${CONFORMANCE_BIN}.js`),
    `import { cli } from '../dist/cli.js';\nawait cli();`,
  );
  // The contract, as written and as bundled.
  cpSync(path.join(ROOT, 'spec'), path.join(dir, 'spec'), {
    recursive: true,
    filter: (source) => !source.endsWith('.test.ts'),
  });
  mkdirSync(path.join(dir, 'spec'), { recursive: true });
  for (const doc of ['openapi.json', 'asyncapi.json']) {
    copyFileSync(path.join(ROOT, 'generated', doc), path.join(dir, 'spec', doc));
  }
  writeText(path.join(dir, 'README.md'), README);
  writeJson(path.join(dir, 'package.json'), {
    name: CONFORMANCE_NAME,
    description: 'Checks a running chat server (REST + Socket.IO) against the chat API contract',
    ...commonManifest(),
    bin: { [CONFORMANCE_BIN]: `bin/${CONFORMANCE_BIN}.js` },
    files: ['bin', 'dist', 'spec', 'README.md'],
    dependencies,
  });
  return dir;
}
