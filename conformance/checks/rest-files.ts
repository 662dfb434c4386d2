// A server must not serve its own project files: source, build output, configuration,
// secrets, version control. Each path is asked for at the root of the server; a 200 whose
// body looks like that file (not an SPA fallback page or a JSON 404) is a finding. The
// signatures are deliberately loose: any package.json, any .env, any JavaScript.
import { type Check, defineCheck } from '../context.ts';

type Signature = (text: string) => boolean;

const json =
  (field: string): Signature =>
  (text) => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && field in value;
    } catch {
      return false;
    }
  };
const code: Signature = (text) =>
  !/^\s*</.test(text) &&
  /\b(import|export|require\(|module\.exports|function|const|class)\b/.test(text);

/** Repository paths a Node server's working directory typically holds, with a signature. */
export const OWN_FILES: Array<[path: string, looksLike: Signature]> = [
  ['/package.json', json('name')],
  ['/package-lock.json', json('lockfileVersion')],
  ['/tsconfig.json', json('compilerOptions')],
  ['/.env', (text) => /^\s*[A-Z][A-Z0-9_]*\s*=/m.test(text) && !/^\s*</.test(text)],
  ['/.git/HEAD', (text) => /^(ref: refs\/|[0-9a-f]{40}\s*$)/.test(text)],
  ['/.git/config', (text) => text.includes('[core]')],
  ['/node_modules/.package-lock.json', json('lockfileVersion')],
  ['/src/main.ts', code],
  ['/src/app.ts', code],
  ['/src/index.ts', code],
  ['/dist/main.js', code],
  ['/dist/index.js', code],
  ['/index.js', code],
  ['/server.js', code],
];

export function restFileChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'exposure.own-files',
      description:
        'the server does not serve its own files (package.json, .env, .git, src/, dist/, node_modules/)',
      run: async (t) => {
        for (const [path, looksLike] of OWN_FILES) {
          const ex = await t.http.send({ method: 'GET', path, auth: false });
          if (ex.status === 200 && looksLike(ex.text)) {
            t.fail({
              rule: 'the server never serves its own project files',
              expected: `GET ${path} is not answered with the file (404)`,
              actual: `200 with what looks like ${path.slice(1)} (${ex.bytes.length} bytes)`,
              response: `${ex.status} ${ex.text.slice(0, 120)}`,
              key: 'own-files',
              title: 'the server serves its own project files',
              subject: path,
            });
          }
        }
      },
    }),
  ];
}
