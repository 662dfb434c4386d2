// Follows `$ref`s inside one bundled document while keeping track of where the node really
// lives, so a change inside a shared component is reported at the component's JSON path.
import { isObject, type Json, RefError } from '../json.ts';
import type { Seg } from './model.ts';

export interface Located {
  node: Json | undefined;
  path: Seg[];
}

const MAX_REF_CHAIN = 20;

export function pointerToPath(ref: string): Seg[] {
  const pointer = ref.slice(ref.indexOf('#') + 1);
  return pointer
    .split('/')
    .filter(Boolean)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function at(doc: Json, path: readonly Seg[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const seg of path) {
    node = isObject(node) ? node[String(seg)] : Array.isArray(node) ? node[Number(seg)] : undefined;
  }
  return node;
}

/** The node a chain of `$ref`s ends at, with its own path; non-refs come back as they are. */
export function deref(doc: Json, located: Located): Located {
  let current = located;
  for (let depth = 0; isObject(current.node) && typeof current.node.$ref === 'string'; depth++) {
    if (depth >= MAX_REF_CHAIN) throw new RefError(`$ref cycle at ${current.node.$ref}`);
    const path = pointerToPath(current.node.$ref);
    const node = at(doc, path);
    if (node === undefined) throw new RefError(`unresolved $ref ${current.node.$ref}`);
    current = { node, path };
  }
  return current;
}

/** A child of a located node, refs of the parent followed first. */
export function child(doc: Json, located: Located, ...segs: Seg[]): Located {
  let current = deref(doc, located);
  for (const seg of segs) {
    const node = current.node;
    const next = isObject(node)
      ? node[String(seg)]
      : Array.isArray(node)
        ? node[Number(seg)]
        : undefined;
    current = deref(doc, { node: next, path: [...current.path, seg] });
  }
  return current;
}
