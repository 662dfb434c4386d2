#!/usr/bin/env node
// Launcher for the `chat-contract-conformance` bin: registers tsx so that Node can load the
// runner's TypeScript sources (and the generated .ts artifacts), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { cli } = await import('./cli.ts');
await cli();
