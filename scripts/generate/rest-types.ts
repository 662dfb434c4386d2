// Emits generated/rest.ts with openapi-typescript: `paths`, `components`, `operations`.
import openapiTS, { astToString } from 'openapi-typescript';
import type { JsonObject } from '../spec/bundle.ts';

export async function emitRestTypes(openapi: JsonObject): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript's input type is its own OpenAPI3 model.
  const ast = await openapiTS(openapi as any);
  return astToString(ast);
}
