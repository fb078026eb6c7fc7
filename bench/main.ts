/**
 * `npm run bench`: our server beside OpenSSH's sftp-server on this machine, same OpenSSH client,
 * same workloads, alternating runs; prints a Markdown table of medians and ratios, writes JSON.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchServer } from './bench-server.js';
import { run, runOk } from './child.js';
import { LocalFiles } from './local-files.js';
import { idleMemory } from './memory-workload.js';
import { OpenSshClient } from './openssh-client.js';
import { startOpenSsh } from './openssh-server.js';
import { missingPrerequisites } from './prerequisites.js';
import { markdownTable, toRecord } from './report.js';
import type { ResultRecord } from './report.js';
import { errorText, runWorkload } from './runner.js';
import { sessionWorkloads } from './session-workloads.js';
import { startSftpGo } from './sftpgo-server.js';
import { transferWorkloads } from './transfer-workloads.js';
import type { Workload } from './workload.js';

const USAGE = `Usage: npm run bench -- [options]
  --runs N          runs per workload and server (default 3)
  --size-mib N      size of the single-stream transfer file (default 1024)
  --only a,b        only the workloads whose id contains one of these
  --list            print the workload ids and exit
  --work-dir DIR    where temporary files go (default /dev/shm, a tmpfs)
  --json FILE       where the JSON results go (default bench/results/latest.json)
  --ours-env K=V    extra environment for our server (repeatable)
  --ours-node-arg A Node.js option for our server, e.g. --cpu-prof (repeatable)
  --keep            keep the temporary directory`;

function allWorkloads(): Workload[] {
  return [...transferWorkloads(), ...sessionWorkloads(), idleMemory];
}

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'size-mib': { type: 'string', default: '1024' },
      only: { type: 'string' },
      list: { type: 'boolean', default: false },
      'work-dir': { type: 'string', default: '/dev/shm' },
      json: { type: 'string', default: 'bench/results/latest.json' },
      'ours-env': { type: 'string', multiple: true, default: [] },
      'ours-node-arg': { type: 'string', multiple: true, default: [] },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} must be a positive integer, not ${JSON.stringify(text)}`);
    return n;
  };
  const oursEnv: Record<string, string> = {};
  for (const pair of values['ours-env']) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--ours-env takes KEY=VALUE, not ${JSON.stringify(pair)}`);
    oursEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const filters = values.only?.split(',').filter((s) => s !== '') ?? [];
  return {
    help: values.help,
    list: values.list,
    runs: int('runs', values.runs),
    size: int('size-mib', values['size-mib']) * 2 ** 20,
    workloads: allWorkloads().filter((w) => filters.length === 0 || filters.some((f) => w.id.includes(f))),
    workDir: values['work-dir'],
    json: resolve(values.json),
    ours: { env: oursEnv, nodeArgs: values['ours-node-arg'] },
    keep: values.keep,
  };
}

async function machine() {
  const ssh = await run('ssh', ['-V']);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    openssh: ssh.stderr.trim(),
    date: new Date().toISOString(),
  };
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options();
  } catch (err) {
    console.error(`${errorText(err)}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (opts.list) {
    for (const w of allWorkloads()) console.log(w.id);
    return 0;
  }
  if (opts.workloads.length === 0) {
    console.error('no workload matches --only (see --list)');
    return 2;
  }
  // The local file, its parts, the downloads and one copy of each on both servers.
  const problems = missingPrerequisites(opts.workDir, 8 * opts.size + 256 * 2 ** 20);
  if (problems.length > 0) {
    for (const p of problems) console.error(`missing: ${p}`);
    return 2;
  }
  const work = mkdtempSync(join(opts.workDir, 'sftpgo-bench-'));
  const servers: BenchServer[] = [];
  const cleanup = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    const key = join(work, 'client_key');
    await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
    console.error(`preparing ${opts.size / 2 ** 20} MiB of test data in ${work}`);
    const local = new LocalFiles(join(work, 'local'), opts.size);
    servers.push(await startOpenSsh(work, publicKey));
    servers.push(await startSftpGo(work, publicKey, opts.ours));
    const [reference, ours] = [servers[0]!.name, servers[1]!.name];
    const ctx = { client: new OpenSshClient(work, key), local };
    const records: ResultRecord[] = [];
    for (const workload of opts.workloads) {
      const result = await runWorkload(ctx, workload, servers, opts.runs, (line) => console.error(line));
      records.push(toRecord(result, reference, ours));
    }
    const about = await machine();
    console.log(
      `\n${about.cpus} × ${about.cpuModel}, Node ${about.node}, ${about.openssh}, ${opts.runs} runs, ${opts.size / 2 ** 20} MiB\n`,
    );
    console.log(markdownTable(records, reference, ours));
    mkdirSync(dirname(opts.json), { recursive: true });
    writeFileSync(
      opts.json,
      `${JSON.stringify({ machine: about, runs: opts.runs, sizeBytes: opts.size, results: records }, null, 2)}\n`,
    );
    console.error(`\nJSON written to ${opts.json}`);
    return records.some((r) => Object.values(r.servers).some((s) => s.errors.length > 0)) ? 1 : 0;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`benchmark failed: ${errorText(err)}`);
  return 1;
});
