// Debian's Chromium for the browser tests: where it is, how it is started on a machine with
// a closed network, and whether a test may skip when it is missing (never in CI). One place,
// so the three browser suites cannot drift apart in their flags or their CI rule.
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps opening connections that a closed
// network refuses; QUIC is off for the same reason.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
export const NO_CHROMIUM = !existsSync(CHROMIUM);
