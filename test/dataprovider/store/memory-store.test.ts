import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { it } from 'node:test';
import {
  LATEST_SCHEMA_VERSION,
  StoreConfigError,
  initProvider,
  openStore,
  resetProvider,
  revertProvider,
} from '../../../src/dataprovider/store/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { storeSuite } from './store-suite.js';
import { memoryTarget } from './store-target.js';

storeSuite('memory', memoryTarget);

it('memory store writes nothing to disk and shares nothing between instances', async (t) => {
  const dir = await tempDir(t);
  const config = { driver: 'memory', name: 'sftpgo.db' };
  const a = await openStore(config, { configDir: dir, migrate: true });
  const b = await openStore(config, { configDir: dir, migrate: false });
  await a.users.add('only-in-a', { x: 1 });
  await a.defender.addEvent({ ip: '1.2.3.4', score: 1, at: 1 });
  assert.equal(await b.users.get('only-in-a'), undefined);
  await a.close();
  await b.close();
  assert.deepEqual(await readdir(dir), []);
});

it('memory store has no schema to initialise, revert or reset', async (t) => {
  const dir = await tempDir(t);
  const config = { driver: 'memory' };
  assert.deepEqual(await initProvider(config, { configDir: dir }), {
    driver: 'memory',
    from: LATEST_SCHEMA_VERSION,
    to: LATEST_SCHEMA_VERSION,
  });
  await assert.rejects(revertProvider(config, { configDir: dir }), StoreConfigError);
  await assert.rejects(resetProvider(config, { configDir: dir }), StoreConfigError);
});
