// Where the CPU went during a measured round, read from Linux's /proc: how busy the whole
// machine was (every core: the load generator, Redis and the servers alike) and how much
// CPU time the server processes used (all their threads: SQLite's checkpointer, libuv's
// fsyncs). A ratio alone cannot tell a server that waits (latency-bound: the machine has
// room) from a machine that is full (the ratio then moves only with less CPU per request
// or more cores); these numbers can. Elsewhere than Linux they are absent.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Summary } from './stats.ts';

export interface CpuUse {
  /** Share of all the machine's cores that were not idle, 0..1. */
  machineBusy: number;
  /** CPU seconds the server processes used, all threads. */
  serverSeconds: number;
}

/** Linux's USER_HZ: the unit of /proc's CPU times; 100 on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

interface MachineTicks {
  busy: number;
  total: number;
}

function machineTicks(): MachineTicks | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal (guest time is inside user).
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const fields = [user, nice, system, idle, iowait, irq, softirq, steal];
    if (fields.some((value) => value === undefined || !Number.isFinite(value))) return null;
    const total = fields.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return { busy: total - (idle ?? 0) - (iowait ?? 0), total };
  } catch {
    return null;
  }
}

/** utime + stime of a process (threads that ended included), in seconds. */
function processSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it start at its ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function serversSeconds(pids: readonly number[]): number | null {
  let sum = 0;
  for (const pid of pids) {
    const seconds = processSeconds(pid);
    if (seconds === null) return null;
    sum += seconds;
  }
  return sum;
}

/**
 * Starts counting the CPU of the machine and of the server processes, for a load driver's
 * timed phase (not its setup: connections and joins are not what its summary counts).
 * `attach` adds what was used since to the phase's summary; without pids, or when /proc
 * cannot say (not Linux, a process gone), the summary is returned as it is.
 */
export function startCpuMeter(serverPids: readonly number[] | undefined): {
  attach(summary: Summary): Summary;
} {
  const machineBefore = serverPids ? machineTicks() : null;
  const serversBefore = serverPids ? serversSeconds(serverPids) : null;
  return {
    attach(summary) {
      if (!serverPids || !machineBefore || serversBefore === null) return summary;
      const machineAfter = machineTicks();
      const serversAfter = serversSeconds(serverPids);
      if (!machineAfter || serversAfter === null) return summary;
      const total = machineAfter.total - machineBefore.total;
      if (total <= 0) return summary;
      const cpu: CpuUse = {
        machineBusy: (machineAfter.busy - machineBefore.busy) / total,
        serverSeconds: serversAfter - serversBefore,
      };
      return { ...summary, cpu };
    },
  };
}

/** The machine's CPU per operation, in core-microseconds (all processes counted). */
export function machineMicrosPerOp(summary: Summary): number | null {
  if (!summary.cpu || summary.count === 0) return null;
  return (summary.cpu.machineBusy * os.cpus().length * summary.seconds * 1e6) / summary.count;
}

/** One line on where the CPU went, for a round that has it. */
export function describeCpu(summary: Summary): string {
  if (!summary.cpu || summary.count === 0) return '';
  const server = (summary.cpu.serverSeconds * 1e6) / summary.count;
  const machine = machineMicrosPerOp(summary) ?? 0;
  return `machine ${(summary.cpu.machineBusy * 100).toFixed(0)}% busy; CPU per op: server ${server.toFixed(0)} µs, machine ${machine.toFixed(0)} µs`;
}
