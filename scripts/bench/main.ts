// `npm run bench`: the reference server's performance goals, each a ratio against a
// baseline measured in the same run (never absolute thresholds in unit tests), plus a few
// numbers reported without a goal. The lines are in lines/ (one module each).
// Options: --quick (a smoke run), --only <id>[,<id>…], --list.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { describeCpu } from './cpu.ts';
import { type BenchContext, describeGoal, type Goal, goalMet } from './line.ts';
import { LINES } from './lines/index.ts';
import { formatSummary } from './stats.ts';
import { describeStore } from './store-syncs.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: npm run bench [-- --quick] [-- --only <id>[,<id>…]] [-- --list]');
  process.exit(0);
}
if (values.list) {
  for (const line of LINES) console.log(`${line.id.padEnd(20)} ${line.title}`);
  process.exit(0);
}
const only = values.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !LINES.some((line) => line.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown line ${unknown.join(', ')} (--list shows them)`);
  process.exit(2);
}
const selected = LINES.filter((line) => !only || only.includes(line.id));

type Row =
  | { kind: 'goal'; name: string; ratio: number; goal: Goal; detail?: string }
  | { kind: 'report'; name: string; value: number; unit: string }
  | { kind: 'error'; name: string; message: string };
const rows: Row[] = [];

const ctx: BenchContext = {
  quick: values.quick,
  summary(name, summary, unit) {
    console.log(`  ${formatSummary(name, summary, unit)}`);
    const cpu = describeCpu(summary);
    if (cpu) console.log(`  ${''.padEnd(34)} ${cpu}`);
    const store = describeStore(summary);
    if (store) console.log(`  ${''.padEnd(34)} ${store}`);
  },
  goal(name, ratio, goal, detail) {
    rows.push({ kind: 'goal', name, ratio, goal, detail });
    const verdict = goalMet(ratio, goal) ? 'MET' : 'NOT MET';
    console.log(
      `  ${name}: ${ratio.toFixed(2)}x (goal ${describeGoal(goal)}) ${verdict}${detail ? `  [${detail}]` : ''}`,
    );
  },
  report(name, value, unit) {
    rows.push({ kind: 'report', name, value, unit });
    console.log(`  ${name}: ${value.toFixed(2)} ${unit}`);
  },
};

console.log(
  `chat-contract bench — node ${process.version}, ${os.cpus().length} cpus, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}${values.quick ? ', --quick' : ''}`,
);
for (const line of selected) {
  console.log(`\n[${line.id}] ${line.title}`);
  try {
    await line.run(ctx);
  } catch (error) {
    // One line failing (say, a timeout on an overloaded machine) does not hide the others.
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ kind: 'error', name: line.id, message });
    console.log(`  FAILED: ${message}`);
  }
}

console.log('\nsummary');
for (const row of rows) {
  if (row.kind === 'goal') {
    const verdict = goalMet(row.ratio, row.goal) ? 'MET' : 'NOT MET';
    console.log(
      `  ${row.name.padEnd(34)} ${`${row.ratio.toFixed(2)}x`.padStart(7)}  goal ${describeGoal(row.goal).padEnd(9)} ${verdict}`,
    );
  } else if (row.kind === 'report') {
    console.log(`  ${row.name.padEnd(34)} ${row.value.toFixed(2).padStart(7)}  ${row.unit}`);
  } else {
    console.log(`  ${row.name.padEnd(34)}  FAILED  ${row.message}`);
  }
}
process.exit(rows.some((row) => row.kind === 'error') ? 1 : 0);
