// Modelina, pinned by scripts/interop/modelina/package-lock.json, installed on first use into
// build/.interop/modelina (about 200 MB that the project's own install should not
// carry), and the checks on what it generates from the bundles: a named model for every
// message payload and component schema, and every required property still required.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { followRef, isObject, type Json, type JsonObject } from '../spec/json.ts';
import type { Problem } from '../spec/problems.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PINNED = path.join(ROOT, 'scripts/interop/modelina');
export const MODELINA_DIR = path.join(ROOT, 'build/.interop/modelina');
const MODULE = path.join(MODELINA_DIR, 'node_modules/@asyncapi/modelina');

/** The part of Modelina's API used here (it is loaded at run time, outside tsc's view). */
interface ModelinaProperty {
  /** The name as written in the schema (`propertyName` is Modelina's rewritten one). */
  unconstrainedPropertyName: string;
  propertyName: string;
  required: boolean;
}
interface ModelinaModel {
  name: string;
  originalInput?: unknown;
  properties?: Record<string, ModelinaProperty>;
}
interface ModelinaOutput {
  modelName: string;
  model: ModelinaModel;
}
interface ModelinaModule {
  TypeScriptGenerator: new (
    options: object,
  ) => {
    generate(input: object): Promise<ModelinaOutput[]>;
  };
}

function sameLock(): boolean {
  const installed = path.join(MODELINA_DIR, 'package-lock.json');
  if (!existsSync(installed) || !existsSync(path.join(MODULE, 'package.json'))) return false;
  return (
    readFileSync(installed, 'utf8') === readFileSync(path.join(PINNED, 'package-lock.json'), 'utf8')
  );
}

/** Installs the pinned Modelina unless that exact lock is installed; returns its version. */
export function ensureModelina(log: (line: string) => void = () => {}): string {
  if (!sameLock()) {
    log('spec:interop: installing the pinned Modelina (first run only)…');
    // Installed beside and swapped in whole, so an interrupted install is never half-used.
    const staging = `${MODELINA_DIR}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) {
      cpSync(path.join(PINNED, file), path.join(staging, file));
    }
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: staging,
      encoding: 'utf8',
    });
    if (npm.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      const reason = `${npm.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ');
      throw new Error(`cannot install Modelina: npm ci exited ${npm.status}: ${reason}`);
    }
    rmSync(MODELINA_DIR, { recursive: true, force: true });
    renameSync(staging, MODELINA_DIR);
  }
  return (
    JSON.parse(readFileSync(path.join(MODULE, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

function loadModelina(): ModelinaModule {
  return createRequire(path.join(MODELINA_DIR, 'package.json'))(
    '@asyncapi/modelina',
  ) as ModelinaModule;
}

/** Runs Modelina's TypeScript generator on a bundle, as a team using it would. */
export async function generateModels(doc: JsonObject): Promise<ModelinaOutput[]> {
  const { TypeScriptGenerator } = loadModelina();
  const generator = new TypeScriptGenerator({
    modelType: 'interface',
    // Without it Modelina models OpenAPI operations only, not components.schemas.
    processorOptions: { openapi: { includeComponentSchemas: true } },
  });
  // Modelina annotates what it is given: hand it a copy.
  return generator.generate(structuredClone(doc));
}

/** The schema names a user expects as models: component schemas that are objects or enums, payload titles. */
export function expectedModelNames(doc: JsonObject): Map<string, string> {
  const expected = new Map<string, string>();
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (isModelShaped(doc, schema)) expected.set(name, `#/components/schemas/${name}`);
  }
  const messages = isObject(components.messages) ? components.messages : {};
  for (const [name, message] of Object.entries(messages)) {
    if (!isObject(message) || message.payload === undefined) continue;
    const payload = message.payload;
    const ref = isObject(payload) && typeof payload.$ref === 'string' ? payload.$ref : undefined;
    const title =
      isObject(payload) && typeof payload.title === 'string' ? payload.title : undefined;
    const modelName = title ?? ref?.split('/').pop();
    const at = `#/components/messages/${name}/payload`;
    // An untitled inline payload is reported once, as the AnonymousSchema_N it becomes.
    if (modelName) expected.set(modelName, at);
  }
  return expected;
}

/** Objects, enums, and unions with an object member become models; scalars are inlined. */
function isModelShaped(doc: JsonObject, schema: Json | undefined, depth = 0): boolean {
  if (!isObject(schema) || depth > 5) return false;
  if (schema.type === 'object' || isObject(schema.properties) || Array.isArray(schema.enum)) {
    return true;
  }
  const members = [schema.oneOf, schema.anyOf, schema.allOf].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  return members.some((member) => isModelShaped(doc, followRef(doc, member), depth + 1));
}

/**
 * Problems in Modelina's output for one bundle: models it could only call `AnonymousSchema_N`,
 * expected names missing, and required properties it made optional (or dropped, as when two
 * spellings of one field collapse into one property name).
 */
export async function checkModelina(file: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const report = (message: string, rule: string) =>
    problems.push({ file, line: 1, col: 1, severity: 'error', message, rule });
  const doc = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  let models: ModelinaOutput[];
  try {
    models = await generateModels(doc);
  } catch (error) {
    report(`Modelina cannot generate from the document: ${(error as Error).message}`, 'modelina');
    return problems;
  }
  const names = new Set(models.map((output) => output.modelName));
  for (const output of models) {
    if (/^Anonym/.test(output.modelName)) {
      report(
        `Modelina names a model ${output.modelName}: give that schema a title (${describeSchema(output.model.originalInput)})`,
        'modelina-named-models',
      );
    }
  }
  for (const [name, at] of expectedModelNames(doc)) {
    if (!names.has(name)) {
      report(
        `Modelina generates no model named ${name} for ${at}: give it a title`,
        'modelina-named-models',
      );
    }
  }
  for (const output of models) {
    const schema = output.model.originalInput;
    const properties = output.model.properties;
    if (!isObject(schema as Json) || !properties) continue;
    const required = (schema as JsonObject).required;
    if (!Array.isArray(required)) continue;
    const byName = new Map(Object.values(properties).map((p) => [p.unconstrainedPropertyName, p]));
    for (const field of required) {
      const property = byName.get(String(field));
      if (!property?.required) {
        report(
          `Modelina's ${output.modelName}.${String(field)} is ${property ? 'optional' : 'missing'} although the schema requires it (two properties whose names collapse into one, such as date_created and dateCreated?)`,
          'modelina-required',
        );
      }
    }
  }
  return problems;
}

function describeSchema(schema: unknown): string {
  if (!isObject(schema as Json)) return 'a schema without properties';
  const properties = (schema as JsonObject).properties;
  const keys = isObject(properties) ? Object.keys(properties).slice(0, 4).join(', ') : '';
  return keys ? `the schema with properties ${keys}` : 'a schema without properties';
}
