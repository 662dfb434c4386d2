// What a benchmark line is. One module per line under lines/, listed in lines/index.ts;
// main.ts runs them and prints the summary. A line measures its own baseline in the same
// run and reports ratios against it (goals), or plain numbers (reports, no goal yet).
import type { Summary } from './stats.ts';

export type Goal = { atLeast: number } | { atMost: number };

export interface BenchContext {
  /** Shorter rounds and fewer of them: a smoke run, not a measurement to quote. */
  readonly quick: boolean;
  /** Prints one measured arm. */
  summary(name: string, summary: Summary, unit?: string): void;
  /** A ratio against the baseline with its goal; `detail` says how it spread across rounds. */
  goal(name: string, ratio: number, goal: Goal, detail?: string): void;
  /** A number without a goal. */
  report(name: string, value: number, unit: string): void;
}

export interface BenchLine {
  /** Used by `--only`; kebab-case. */
  readonly id: string;
  /** One line saying what is compared with what. */
  readonly title: string;
  run(ctx: BenchContext): Promise<void>;
}

export function goalMet(ratio: number, goal: Goal): boolean {
  return 'atLeast' in goal ? ratio >= goal.atLeast : ratio <= goal.atMost;
}

export function describeGoal(goal: Goal): string {
  return 'atLeast' in goal ? `>= ${goal.atLeast.toFixed(2)}x` : `<= ${goal.atMost.toFixed(2)}x`;
}
