// Latency/throughput summaries for the benchmarks.
import type { CpuUse } from './cpu.ts';
import type { StoreUse } from './store-syncs.ts';

export interface Summary {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Where the CPU went during the round (cpu.ts), when it was measured and /proc says. */
  cpu?: CpuUse;
  /** What the durable store's fsyncs did during the round (store-syncs.ts), when metered. */
  store?: StoreUse;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function summarize(latenciesMs: number[], seconds: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

export function formatSummary(name: string, s: Summary, unit = 'req/s'): string {
  return `${name.padEnd(34)} ${s.perSecond.toFixed(0).padStart(8)} ${unit}   p50 ${s.p50.toFixed(2)} ms   p99 ${s.p99.toFixed(2)} ms   (n=${s.count})`;
}
