// JSON helpers shared by the spec tools: the JSON value types, the object guard, and the
// one resolver of `$ref`s inside a bundled document (codegen, validators and docs all
// walk the same bundles, so they follow references the same way).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `$ref` that names nothing in the document, or a chain of refs that loops. */
export class RefError extends Error {
  override name = 'RefError';
}

const MAX_REF_CHAIN = 20;

/**
 * Follows a chain of `$ref`s to the node it names. Refs are resolved within `doc`: local
 * (`#/components/...`) or anchored to a bundled document (`openapi.json#/components/...`,
 * as in generated/schemas.json). Nodes that are not refs are returned as they are.
 */
export function followRef(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  for (let depth = 0; isObject(current) && typeof current.$ref === 'string'; depth++) {
    const ref = current.$ref;
    if (depth >= MAX_REF_CHAIN) throw new RefError(`$ref cycle at ${ref}`);
    const pointer = ref.slice(ref.indexOf('#') + 1);
    let target: Json | undefined = doc;
    for (const raw of pointer.split('/').filter(Boolean)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target)
        ? target[key]
        : Array.isArray(target)
          ? target[Number(key)]
          : undefined;
    }
    if (target === undefined) throw new RefError(`unresolved $ref ${ref}`);
    current = target;
  }
  return current;
}
