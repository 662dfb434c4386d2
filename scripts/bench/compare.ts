// Runs a baseline arm and a measured arm in adjacent pairs, alternating which goes first,
// so drift on a shared machine (other processes, JIT warm-up, a growing WAL) hits both
// alike, and summarises the pairs. The ratio quoted is the median of the per-pair ratios:
// one disturbed round moves it less than it moves a best-of or a mean.
import type { BenchContext } from './line.ts';
import type { Summary } from './stats.ts';

export interface Rounds {
  baseline: Summary[];
  measured: Summary[];
}

export async function alternate(options: {
  rounds: number;
  /** Each arm runs once unmeasured first. */
  warm: { baseline: () => Promise<unknown>; measured: () => Promise<unknown> };
  baseline: () => Promise<Summary>;
  measured: () => Promise<Summary>;
}): Promise<Rounds> {
  await options.warm.baseline();
  await options.warm.measured();
  const rounds: Rounds = { baseline: [], measured: [] };
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      rounds.baseline.push(await options.baseline());
      rounds.measured.push(await options.measured());
    } else {
      rounds.measured.push(await options.measured());
      rounds.baseline.push(await options.baseline());
    }
  }
  return rounds;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** The round of the median throughput (or of `by`), to print as the arm's typical round. */
export function typical(list: Summary[], by: (s: Summary) => number = (s) => s.perSecond): Summary {
  const sorted = [...list].sort((a, b) => by(a) - by(b));
  const round = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!round) throw new Error('no rounds');
  return round;
}

function pairRatio(
  rounds: Rounds,
  value: (s: Summary) => number,
): {
  ratio: number;
  detail: string;
} {
  const pairs = rounds.measured.map((m, i) => {
    const b = rounds.baseline[i];
    return b ? value(m) / value(b) : Number.NaN;
  });
  return describePairs(pairs);
}

function describePairs(pairs: number[]): { ratio: number; detail: string } {
  const shown = pairs.map((r) => r.toFixed(2)).join(' ');
  return { ratio: median(pairs), detail: `median of ${pairs.length} pairs: ${shown}` };
}

export function throughputRatio(rounds: Rounds) {
  return pairRatio(rounds, (s) => s.perSecond);
}

/**
 * What the measured arm would reach over the baseline if it had every core of the machine at
 * its own CPU cost per operation (load generator and Redis included): its throughput over the
 * share of the machine it kept busy. Near the measured ratio: the machine was full, and only
 * less CPU per operation or more cores move it. Well above: the arm was waiting (latency),
 * not computing. Null without CPU figures (not Linux).
 */
export function fullMachineRatio(rounds: Rounds): { ratio: number; detail: string } | null {
  const pairs: number[] = [];
  rounds.measured.forEach((measured, i) => {
    const baseline = rounds.baseline[i];
    const busy = measured.cpu?.machineBusy;
    if (baseline && busy !== undefined && busy > 0) {
      pairs.push(measured.perSecond / busy / baseline.perSecond);
    }
  });
  if (pairs.length === 0 || pairs.length !== rounds.measured.length) return null;
  return describePairs(pairs);
}

/** Reports fullMachineRatio as `<name> with the machine full`, when the rounds have CPU figures. */
export function reportFullMachine(ctx: Pick<BenchContext, 'report'>, name: string, rounds: Rounds) {
  const ceiling = fullMachineRatio(rounds);
  if (ceiling) ctx.report(`${name} with the machine full`, ceiling.ratio, `x (${ceiling.detail})`);
}

/** p99 latency of the measured arm over the baseline's (lower is better). */
export function p99Ratio(rounds: Rounds) {
  return pairRatio(rounds, (s) => s.p99);
}
