// Every benchmark line, in the order `npm run bench` runs them. A new line is one module
// in this folder exporting a BenchLine, added here.
import type { BenchLine } from '../line.ts';
import { clusterAdapterCost } from './cluster-adapter-cost.ts';
import { clusterFanout } from './cluster-fanout.ts';
import { clusterRest } from './cluster-rest.ts';
import { conformanceRun } from './conformance-run.ts';
import { fanout } from './fanout.ts';
import { healthzFlood } from './healthz-flood.ts';
import { idleSocketMemory } from './idle-socket-memory.ts';
import { restDurable } from './rest-durable.ts';
import { restUnsafeOnPowerLoss } from './rest-unsafe-on-power-loss.ts';
import { restValidation } from './rest-validation.ts';
import { socketDurable } from './socket-durable.ts';
import { storeCost } from './store-cost.ts';

export const LINES: readonly BenchLine[] = [
  restDurable,
  restUnsafeOnPowerLoss,
  socketDurable,
  storeCost,
  restValidation,
  fanout,
  healthzFlood,
  idleSocketMemory,
  conformanceRun,
  clusterRest,
  clusterFanout,
  clusterAdapterCost,
];
