// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

// Types a frontend needs, with no server dependency.
export type { components, operations, paths } from './rest.ts';
export * from './events.ts';
