import { describe, expect, it } from 'vitest';
import { fullMachineRatio, reportFullMachine } from './compare.ts';
import { describeCpu, startCpuMeter } from './cpu.ts';
import type { Summary } from './stats.ts';

const round = (perSecond: number, machineBusy?: number): Summary => ({
  count: perSecond,
  seconds: 1,
  perSecond,
  p50: 1,
  p99: 2,
  ...(machineBusy === undefined ? {} : { cpu: { machineBusy, serverSeconds: 0.5 } }),
});

describe.runIf(process.platform === 'linux')('startCpuMeter (reads /proc)', () => {
  it('attributes the CPU a round burns to the process that burned it', () => {
    const meter = startCpuMeter([process.pid]);
    // Burns CPU time, not wall time: a loaded machine takes longer, never fails it.
    const start = process.cpuUsage();
    let used = 0;
    while (used < 200_000) {
      const now = process.cpuUsage(start);
      used = now.user + now.system;
    }
    const summary = meter.attach(round(100));
    expect(summary.cpu).toBeDefined();
    // /proc counts in 10 ms ticks, and this process burned at least 200 ms.
    expect(summary.cpu?.serverSeconds).toBeGreaterThanOrEqual(0.15);
    expect(summary.cpu?.machineBusy).toBeGreaterThan(0);
    expect(summary.cpu?.machineBusy).toBeLessThanOrEqual(1);
    expect(describeCpu(summary)).toMatch(/^machine \d+% busy; CPU per op: server \d+ µs/);
  });

  it('leaves the CPU out when a server process cannot be read, or none is named', () => {
    for (const pids of [[2 ** 30], undefined]) {
      const summary = startCpuMeter(pids).attach(round(100));
      expect(summary.cpu).toBeUndefined();
      expect(describeCpu(summary)).toBe('');
    }
  });
});

describe('fullMachineRatio', () => {
  it('scales the measured arm to a full machine, pair by pair', () => {
    const ratio = fullMachineRatio({
      baseline: [round(1000, 0.7), round(1000, 0.7), round(1000, 0.7)],
      measured: [round(900, 0.9), round(500, 0.5), round(600, 1)],
    });
    // 900/0.9/1000 = 1.0, 500/0.5/1000 = 1.0, 600/1/1000 = 0.6: the median is 1.0.
    expect(ratio?.ratio).toBeCloseTo(1, 5);
    expect(ratio?.detail).toBe('median of 3 pairs: 1.00 1.00 0.60');
  });

  it('is absent when a measured round has no CPU figures', () => {
    expect(fullMachineRatio({ baseline: [round(1000, 0.5)], measured: [round(900)] })).toBeNull();
  });

  it("is reported under the line's name, and not at all without CPU figures", () => {
    const reports: Array<[string, number, string]> = [];
    const ctx = {
      report: (name: string, value: number, unit: string) => reports.push([name, value, unit]),
    };
    reportFullMachine(ctx, 'fan-out 100', {
      baseline: [round(1000, 0.7)],
      measured: [round(800, 0.8)],
    });
    reportFullMachine(ctx, 'no figures', { baseline: [round(1000)], measured: [round(800)] });
    expect(reports).toEqual([
      ['fan-out 100 with the machine full', 1, 'x (median of 1 pairs: 1.00)'],
    ]);
  });
});
