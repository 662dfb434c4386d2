// How long the conformance runner's default run takes against the reference server (a
// separate process, durable store), as QA would run it: reported against its 15 s goal,
// never asserted in a test. Also the run's own verdict, so a slow run is not a failing one.
import { allChecks } from '../../../conformance/checks/index.ts';
import { runConformance } from '../../../conformance/runner.ts';
import type { BenchLine } from '../line.ts';
import { startReferenceServer } from '../servers.ts';

const GOAL_SECONDS = 15;

export const conformanceRun: BenchLine = {
  id: 'conformance',
  title: `conformance default run against the reference server (goal < ${GOAL_SECONDS} s)`,
  async run(ctx) {
    const server = await startReferenceServer({ store: 'durable' });
    try {
      const options = {
        url: server.url,
        timeoutMs: 2000,
        token: undefined,
        auth: false,
        fuzzRuns: 0,
        seed: 1,
        settleMs: 40,
      };
      const result = await runConformance(options, allChecks(options));
      const seconds = result.durationMs / 1000;
      const { passed, total, findings } = result.summary;
      console.log(
        `  conformance default run: ${seconds.toFixed(1)} s (goal < ${GOAL_SECONDS} s) ${
          seconds < GOAL_SECONDS ? 'MET' : 'NOT MET'
        }; ${passed}/${total} checks passed, ${findings} findings`,
      );
      for (const f of result.findings)
        console.log(`    ${f.id} ${f.title} (${f.checks.join(', ')})`);
      ctx.report('conformance default run', seconds, `s (goal < ${GOAL_SECONDS} s)`);
    } finally {
      await server.stop();
    }
  },
};
