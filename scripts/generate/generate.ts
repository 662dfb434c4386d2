// Produces the contents of every file in generated/ from spec/ (no I/O besides reading
// the spec). main.ts writes or checks them; tests call generateFiles() directly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpecs, type Specs } from '../spec/bundle.ts';
import { renderDocs } from '../spec/render-docs.ts';
import { emitAccess } from './access.ts';
import { emitConstants } from './constants.ts';
import { emitRestHandlers } from './rest-handlers.ts';
import { readRestModel } from './rest-model.ts';
import { emitRestTypes } from './rest-types.ts';
import { emitSocketHandlers } from './socket-handlers.ts';
import { readSocketModel } from './socket-model.ts';
import { emitEvents, emitSocketSchemas } from './socket-types.ts';
import {
  collectValidators,
  emitSchemasJson,
  emitValidatorsDts,
  emitValidatorsJs,
} from './validators.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GENERATED_DIR = path.join(ROOT, 'generated');
const NOTICE =
  'Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.';

const FRONTEND_INDEX = `// Types a frontend needs, with no server dependency.
export type { components, operations, paths } from './rest.ts';
export * from './events.ts';
`;

/**
 * Every generated file: path relative to generated/ -> contents. From this repository's
 * spec/ by default; spec:diff passes the bundles of another version to see what changes.
 */
export async function generateFiles(specs: Specs = loadSpecs()): Promise<Map<string, string>> {
  const { openapi, asyncapi } = specs;
  const ops = readRestModel(openapi);
  const events = readSocketModel(asyncapi);
  const validators = collectValidators(openapi, ops, events);
  const ts = (body: string) => `// ${NOTICE}\n\n${body.trimEnd()}\n`;
  const json = (value: object) => `${JSON.stringify({ $comment: NOTICE, ...value }, null, 2)}\n`;
  // The published documents carry the notice in an extension key right after the version
  // key: `$comment` is not allowed at the top of an OpenAPI or AsyncAPI document, and the
  // AsyncAPI CLI, Modelina and Spectral refuse it there.
  const specJson = (value: object) => {
    const [first, ...rest] = Object.entries(value);
    const entries = first ? [first, ['x-generated', NOTICE], ...rest] : [['x-generated', NOTICE]];
    return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
  };

  const files = new Map<string, string>();
  files.set('openapi.json', specJson(openapi));
  files.set('asyncapi.json', specJson(asyncapi));
  files.set('schemas.json', json(emitSchemasJson(validators)));
  files.set('rest.ts', ts(await emitRestTypes(openapi)));
  files.set('socket.ts', ts(await emitSocketSchemas(asyncapi, events)));
  files.set('events.ts', ts(emitEvents(events)));
  files.set('rest-handlers.ts', ts(emitRestHandlers(ops)));
  files.set('socket-handlers.ts', ts(emitSocketHandlers(events)));
  files.set(
    'validators.js',
    `// ${NOTICE}\n${await emitValidatorsJs(openapi, asyncapi, validators)}`,
  );
  files.set('validators.d.ts', ts(emitValidatorsDts(validators, events)));
  files.set('constants.ts', ts(emitConstants(openapi, asyncapi)));
  files.set('index.ts', ts(FRONTEND_INDEX));
  files.set('access.ts', ts(emitAccess(openapi, asyncapi)));
  // The HTML reference the server serves at /docs; `npm run docs` writes the same pages.
  const docs = renderDocs({ openapi, asyncapi });
  for (const name of ['index.html', 'rest.html', 'events.html'] as const) {
    files.set(`docs/${name}`, `<!-- ${NOTICE} -->\n${docs[name]}`);
  }
  return files;
}
