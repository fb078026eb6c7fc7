/**
 * What a server costs, read from /proc: CPU seconds of a process tree (the processes alive now plus
 * the reaped children already counted in their parents) and the proportional set size (PSS) of the
 * tree, which splits shared pages fairly between the processes that share them.
 */
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  readonly ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined; // exited meanwhile
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const num = (i: number) => Number(fields[i] ?? 0);
  // fields[0] is field 3 of proc(5): ppid is field 4, utime..cstime are fields 14..17.
  return { pid, ppid: num(1), ticks: num(11) + num(12) + num(13) + num(14) };
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat !== undefined) stats.push(stat);
  }
  return stats;
}

/** The pids of `root` and all its descendants alive now. */
export function processTree(root: number): number[] {
  const stats = allStats();
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const s of stats) if (s.ppid === tree[i]) tree.push(s.pid);
  }
  return tree;
}

/** CPU seconds used so far by `root` and its descendants, reaped or alive. */
export function treeCpuSeconds(root: number): number {
  const stats = new Map(allStats().map((s) => [s.pid, s]));
  let ticks = 0;
  for (const pid of processTree(root)) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** PSS in bytes of `root` and its descendants. */
export function treePssBytes(root: number): number {
  let kib = 0;
  for (const pid of processTree(root)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
      const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
      kib += Number(match?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib * 1024;
}

/** How many descendants `root` has now (not counting itself). */
export function descendantCount(root: number): number {
  return processTree(root).length - 1;
}
