// `npm run bench`: the reference server's performance goals, each measured as a ratio
// against a baseline measured in the same run (never absolute thresholds in unit tests).
//   (a) REST send-message, request validation on vs off       goal >= 0.90x throughput
//   (b) send_message -> new_message fan-out, 100 and 1,000      goal >= 0.80x delivered/s
//       clients, reference server vs a bare Socket.IO relay
// Options: --quick (shorter runs), --only rest|fanout.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runFanout } from './fanout.ts';
import { loadSendMessage, prepareConversation } from './rest.ts';
import { startBenchServer } from './servers.ts';
import { formatSummary, type Summary } from './stats.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: npm run bench [-- --quick] [-- --only rest|fanout]');
  process.exit(0);
}

const best = (list: Summary[]) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
const results: Array<{ name: string; ratio: number; goal: number }> = [];
const ratioLine = (name: string, ratio: number, goal: number) => {
  results.push({ name, ratio, goal });
  console.log(
    `  ratio ${ratio.toFixed(2)}x (goal >= ${goal.toFixed(2)}x) ${ratio >= goal ? 'MET' : 'NOT MET'}`,
  );
};

console.log(
  `chat-contract bench — node ${process.version}, ${os.cpus().length} cpus, ${os.platform()} ${os.arch()}`,
);

if (!values.only || values.only === 'rest') {
  const seconds = values.quick ? 2 : 5;
  const concurrency = 16;
  console.log(`\n(a) REST send-message, ${concurrency} keep-alive clients, ${seconds} s per round`);
  const validated = await startBenchServer('reference');
  const unvalidated = await startBenchServer('reference-unvalidated');
  const targets = {
    on: await prepareConversation(validated.url),
    off: await prepareConversation(unvalidated.url),
  };
  // Warm both, then alternate rounds so drift on the machine hits both arms alike.
  await loadSendMessage(targets.on, { seconds: 1, concurrency });
  await loadSendMessage(targets.off, { seconds: 1, concurrency });
  const on: Summary[] = [];
  const off: Summary[] = [];
  for (let round = 0; round < 2; round++) {
    off.push(await loadSendMessage(targets.off, { seconds, concurrency }));
    on.push(await loadSendMessage(targets.on, { seconds, concurrency }));
  }
  console.log(formatSummary('validation off (baseline)', best(off)));
  console.log(formatSummary('validation on', best(on)));
  ratioLine('REST validation on/off', best(on).perSecond / best(off).perSecond, 0.9);
  await validated.stop();
  await unvalidated.stop();
}

if (!values.only || values.only === 'fanout') {
  for (const roomSize of [100, 1000]) {
    const messages = values.quick ? (roomSize === 100 ? 100 : 20) : roomSize === 100 ? 400 : 60;
    const options = { roomSize, messages, inFlight: 4 };
    console.log(`\n(b) fan-out to ${roomSize} clients, ${messages} messages, 4 in flight`);
    const bare = await startBenchServer('bare-socketio');
    const reference = await startBenchServer('reference');
    // Warm both servers and this client process before measuring, then alternate rounds
    // and keep each arm's best, so JIT warm-up and machine drift do not favour either.
    const warm = { ...options, messages: Math.ceil(options.messages / 4) };
    await runFanout(bare.url, warm, false);
    await runFanout(reference.url, warm, true);
    const rounds = values.quick ? 1 : 2;
    const bareRuns: Summary[] = [];
    const referenceRuns: Summary[] = [];
    for (let round = 0; round < rounds; round++) {
      bareRuns.push(await runFanout(bare.url, options, false));
      referenceRuns.push(await runFanout(reference.url, options, true));
    }
    await bare.stop();
    await reference.stop();
    const baseline = best(bareRuns);
    const measured = best(referenceRuns);
    console.log(formatSummary('bare Socket.IO relay (baseline)', baseline, 'deliveries/s'));
    console.log(formatSummary('reference server', measured, 'deliveries/s'));
    ratioLine(`fan-out ${roomSize}`, measured.perSecond / baseline.perSecond, 0.8);
  }
}

console.log('\nsummary');
for (const r of results) {
  console.log(
    `  ${r.name.padEnd(28)} ${r.ratio.toFixed(2)}x  goal ${r.goal.toFixed(2)}x  ${r.ratio >= r.goal ? 'MET' : 'NOT MET'}`,
  );
}
process.exit(0);
