// `npm run docs [-- --out dir]`: renders browsable reference docs for spec/openapi.yaml and
// spec/asyncapi.yaml into build/docs/ (index.html, rest.html, events.html, and the bundled
// openapi.json / asyncapi.json) with the small renderer in scripts/spec/render-docs.ts.
// No dependencies beyond the bundler, so every install can build docs in well under 2 s.
//
// Official renderers, on demand and pinned, never part of `npm install`
// (`npm run docs:official` runs all three steps; both pages land next to ours in build/docs/):
//
//   npx --yes @redocly/cli@2.77.0 build-docs spec/openapi.yaml -o build/docs/redoc.html
//     Redoc for the REST half: one self-contained ~300 KiB page. Verified on Node 20.
//
//   npm install --prefix build/.asyncapi-html-template --no-save --no-audit --no-fund \
//     --ignore-scripts @asyncapi/html-template@3.5.6
//   CI=true ASYNCAPI_METRICS_CONFIG_PATH=build/.asyncapi-analytics \
//     npx --yes -p node@24 -p @asyncapi/cli@6.2.0 -- asyncapi generate fromTemplate \
//     spec/asyncapi.yaml build/.asyncapi-html-template/node_modules/@asyncapi/html-template \
//     -o build/docs/asyncapi-html --force-write --no-interactive
//     The AsyncAPI HTML template for the Socket.IO half. Verified, with Node 24 fetched by
//     npx (CLI 6 refuses Node 20). Heavy: about 800 MB of downloads on the first run (Node 24,
//     the CLI, the template), then ~45 s per run. The template is installed first because
//     the CLI failed to install it by name here; the two variables keep the CLI from sending
//     usage metrics and from writing its settings file into the home directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpecs, SpecError } from './spec/bundle.ts';
import { writeDocs } from './spec/render-docs.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function main(): number {
  const started = performance.now();
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? path.join(ROOT, 'build', 'docs'));
  let specs: ReturnType<typeof loadSpecs>;
  try {
    specs = loadSpecs();
  } catch (error) {
    // A spec that does not bundle is a spec problem: one line, then `npm run spec:lint`.
    if (!(error instanceof SpecError)) throw error;
    console.error(`docs: ${error.message} (run npm run spec:lint)`);
    return 1;
  }
  const written = writeDocs(outDir, specs);
  const elapsed = Math.round(performance.now() - started);
  const names = written.map((file) => path.basename(file)).join(', ');
  console.log(
    `docs: wrote ${names} to ${path.relative(process.cwd(), outDir) || '.'} in ${elapsed} ms`,
  );
  return 0;
}

process.exitCode = main();
