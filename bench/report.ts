/** The benchmark's outputs: a Markdown table of medians (min–max) with ratios, and a JSON record. */
import type { WorkloadResult } from './runner.js';
import type { Summary } from './stats.js';
import { summarize } from './stats.js';

export interface ServerFigures {
  readonly value: Summary;
  readonly cpu: Summary;
  readonly errors: readonly string[];
}

export interface ResultRecord {
  readonly id: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly cpuUnit: string;
  readonly servers: Record<string, ServerFigures>;
  /** ours / reference, of the medians. */
  readonly ratio: number;
  readonly cpuRatio: number;
}

export function toRecord(result: WorkloadResult, reference: string, ours: string): ResultRecord {
  const servers: Record<string, ServerFigures> = {};
  for (const [name, s] of Object.entries(result.series)) {
    servers[name] = { value: summarize(s.values), cpu: summarize(s.cpu), errors: s.errors };
  }
  const ratio = (pick: (f: ServerFigures) => Summary) => {
    const a = servers[ours];
    const b = servers[reference];
    return a && b ? pick(a).median / pick(b).median : Number.NaN;
  };
  const { workload } = result;
  return {
    id: workload.id,
    unit: workload.unit,
    higherIsBetter: workload.higherIsBetter,
    cpuUnit: workload.unit === 'MB/s' ? 's/GiB' : 's',
    servers,
    ratio: ratio((f) => f.value),
    cpuRatio: workload.measuresCpu ? ratio((f) => f.cpu) : Number.NaN,
  };
}

function figure(s: Summary): string {
  if (Number.isNaN(s.median)) return 'failed';
  const f = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  return s.samples.length > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);
}

const ratioText = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');

/** A Markdown table: one row per workload. */
export function markdownTable(records: readonly ResultRecord[], reference: string, ours: string): string {
  const rows = [
    `| workload | unit (better) | ${reference} | ${ours} | ours/${reference} | server CPU ${reference} | server CPU ${ours} | CPU ours/${reference} |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of records) {
    const ref = r.servers[reference];
    const our = r.servers[ours];
    const cpu = (f: ServerFigures | undefined) =>
      f && !Number.isNaN(f.cpu.median) ? `${figure(f.cpu)} ${r.cpuUnit}` : '—';
    rows.push(
      `| ${r.id} | ${r.unit} (${r.higherIsBetter ? 'higher' : 'lower'}) | ${ref ? figure(ref.value) : '—'} | ` +
        `${our ? figure(our.value) : '—'} | ${ratioText(r.ratio)} | ${cpu(ref)} | ${cpu(our)} | ${ratioText(r.cpuRatio)} |`,
    );
  }
  return rows.join('\n');
}
