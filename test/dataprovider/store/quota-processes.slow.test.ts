/**
 * Two separate processes add to the same user's counters at the same time; the totals must be
 * exact (no lost increment), on every driver that several processes can share.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/dataprovider/store/index.js';
import { repoRoot } from '../../helpers/paths.js';
import { mysqlTarget, postgresTarget, sqliteTarget } from './store-target.js';
import type { StoreTarget } from './store-target.js';

const WORKER = `${repoRoot}/dist/test/dataprovider/store/fixtures/quota-worker.js`;
const PROCESSES = 2;
const COUNT = 400;

interface Child {
  readonly exited: Promise<number | null>;
  readonly ready: Promise<void>;
  go(): void;
}

function startWorker(job: object): Child {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(job)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return { exited, ready, go: () => child.stdin.end('go\n') };
}

function processSuite(label: string, target: StoreTarget | { readonly skip: string }): void {
  if ('skip' in target) {
    describe(`${label}: increments from two processes`, { skip: target.skip }, () => {});
    return;
  }
  describe(`${label}: increments from two processes`, () => {
    it('loses no increment', async (t) => {
      const db = await target.database();
      const store = await openStore(db.config, { configDir: db.configDir, migrate: true });
      t.after(async () => {
        await store.close();
        await db.cleanup();
      });
      await store.users.add('shared', {});
      const job = { config: db.config, configDir: db.configDir, user: 'shared', count: COUNT, parallel: 8 };
      const children = Array.from({ length: PROCESSES }, () => startWorker(job));
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.go();
      assert.deepEqual(await Promise.all(children.map((c) => c.exited)), [0, 0]);
      const total = PROCESSES * COUNT;
      assert.deepEqual(await store.users.getQuota('shared'), {
        usedQuotaSize: 3 * total,
        usedQuotaFiles: total,
        lastQuotaUpdate: (await store.users.getQuota('shared')).lastQuotaUpdate,
        usedUploadDataTransfer: total,
        usedDownloadDataTransfer: 2 * total,
      });
    });
  });
}

processSuite('postgresql', postgresTarget());
processSuite('mysql', mysqlTarget());
processSuite('sqlite', sqliteTarget);
