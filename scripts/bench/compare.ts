// Runs a baseline arm and a measured arm alternately, so drift on a shared machine (other
// processes, JIT warm-up, a growing WAL) hits both alike, and summarises the rounds.
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
    rounds.baseline.push(await options.baseline());
    rounds.measured.push(await options.measured());
  }
  return rounds;
}

/** The round with the highest throughput: the least disturbed by the rest of the machine. */
export function best(list: Summary[]): Summary {
  return list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
}

/** Ratio of the best rounds, and the ratio of each round pair for the spread. */
export function throughputRatio(rounds: Rounds): { ratio: number; detail: string } {
  const ratio = best(rounds.measured).perSecond / best(rounds.baseline).perSecond;
  const pairs = rounds.measured.map((m, i) => m.perSecond / (rounds.baseline[i]?.perSecond ?? 1));
  return { ratio, detail: `per round ${pairs.map((r) => r.toFixed(2)).join(' ')}` };
}

/** p99 of the measured arm over the baseline's, best rounds and per round pair. */
export function p99Ratio(rounds: Rounds): { ratio: number; detail: string } {
  const ratio = best(rounds.measured).p99 / best(rounds.baseline).p99;
  const pairs = rounds.measured.map((m, i) => m.p99 / (rounds.baseline[i]?.p99 ?? 1));
  return { ratio, detail: `per round ${pairs.map((r) => r.toFixed(2)).join(' ')}` };
}
