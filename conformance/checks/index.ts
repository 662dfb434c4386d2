// Every check the runner knows, in the order they run: REST before Socket.IO, valid
// requests before negative ones, fuzzing (only with --fuzz) last.
import type { Check, RunOptions } from '../context.ts';
import { authChecks } from './auth.ts';
import { capabilityChecks } from './capabilities.ts';
import { fuzzChecks } from './fuzz.ts';
import { restFileChecks } from './rest-files.ts';
import { restFlowChecks } from './rest-flows.ts';
import { restNegativeChecks } from './rest-negative.ts';
import { restOperationChecks } from './rest-operations.ts';
import { restTokenChecks } from './rest-token.ts';
import { restUploadChecks } from './rest-uploads.ts';
import { roundTripChecks } from './round-trips.ts';
import { socketReplyChecks } from './socket-replies.ts';
import { socketRobustnessChecks } from './socket-robustness.ts';
import { socketRoomChecks } from './socket-rooms.ts';
import { socketRoutingChecks } from './socket-routing.ts';

export function allChecks(options: Pick<RunOptions, 'fuzzRuns'>): Check[] {
  return [
    ...restOperationChecks(),
    ...restTokenChecks(),
    ...restFileChecks(),
    ...restFlowChecks(),
    ...restUploadChecks(),
    ...restNegativeChecks(),
    ...authChecks(),
    ...socketReplyChecks(),
    ...socketRoutingChecks(),
    ...socketRoomChecks(),
    ...roundTripChecks(),
    ...capabilityChecks(),
    ...socketRobustnessChecks(),
    ...(options.fuzzRuns > 0 ? fuzzChecks() : []),
  ];
}
