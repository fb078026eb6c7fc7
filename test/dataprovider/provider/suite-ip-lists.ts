/** IP list entries through the provider. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectConflictError, ObjectNotFoundError } from '../../../src/dataprovider/index.js';
import type { StoreTarget } from '../store/store-target.js';
import { ADMIN_CTX, START, openProvider } from './helpers.js';
import { rejectsField } from './suite-users.js';

export function ipListTests(target: StoreTarget): void {
  describe('IP lists', () => {
    it('adds entries in canonical CIDR form, one network per list', async (t) => {
      const { provider, events } = await openProvider(t, target);
      const added = await provider.ipLists.add(
        { ipornet: '192.0.2.7', type: 2, mode: 2, protocols: 3, description: 'scanner' },
        ADMIN_CTX,
      );
      assert.deepEqual(added, {
        ipornet: '192.0.2.7/32',
        type: 2,
        mode: 2,
        protocols: 3,
        description: 'scanner',
        created_at: START,
        updated_at: START,
      });
      await provider.ipLists.add({ ipornet: '2001:DB8::1/32', type: 1 }, ADMIN_CTX);
      assert.equal((await provider.ipLists.get(1, '2001:db8::/32'))?.ipornet, '2001:db8::/32');
      // The same network may be in another list, not twice in one.
      await provider.ipLists.add({ ipornet: '192.0.2.7/32', type: 3 }, ADMIN_CTX);
      await assert.rejects(
        provider.ipLists.add({ ipornet: '192.0.2.7', type: 2 }, ADMIN_CTX),
        ObjectConflictError,
      );
      assert.deepEqual(
        (await provider.ipLists.all()).map((e) => `${e.type} ${e.ipornet}`),
        ['1 2001:db8::/32', '2 192.0.2.7/32', '3 192.0.2.7/32'],
      );
      assert.equal(provider.ipLists.changes, 3);
      assert.deepEqual(
        events.filter((e) => e.objectType === 'ip_list_entry').map((e) => `${e.action} ${e.objectName}`),
        ['add 2_192.0.2.7/32', 'add 1_2001:db8::/32', 'add 3_192.0.2.7/32'],
      );
    });

    it('refuses what SFTPGo refuses', async (t) => {
      const { provider } = await openProvider(t, target);
      await rejectsField(provider.ipLists.add({ ipornet: 'example.com', type: 1 }, ADMIN_CTX), 'ipornet');
      await rejectsField(provider.ipLists.add({ ipornet: '192.0.2.0/33', type: 1 }, ADMIN_CTX), 'ipornet');
      await rejectsField(provider.ipLists.add({ ipornet: '192.0.2.1', type: 4 }, ADMIN_CTX), 'type');
      await rejectsField(provider.ipLists.add({ ipornet: '192.0.2.1', type: 1, mode: 2 }, ADMIN_CTX), 'mode');
      await rejectsField(provider.ipLists.add({ ipornet: '192.0.2.1', type: 2, mode: 3 }, ADMIN_CTX), 'mode');
      await rejectsField(
        provider.ipLists.add({ ipornet: '192.0.2.1', type: 1, protocols: 16 }, ADMIN_CTX),
        'protocols',
      );
      await rejectsField(
        provider.ipLists.add({ ipornet: '192.0.2.1', type: 1, description: 'x'.repeat(513) }, ADMIN_CTX),
        'description',
      );
      assert.equal((await provider.ipLists.all()).length, 0);
    });

    it('updates and deletes by list type and network', async (t) => {
      const { provider, clock } = await openProvider(t, target);
      await provider.ipLists.add({ ipornet: '198.51.100.0/24', type: 2, mode: 1 }, ADMIN_CTX);
      clock.now = START + 10;
      const updated = await provider.ipLists.update(
        2,
        '198.51.100.9/24',
        { ipornet: '10.0.0.0/8', type: 1, mode: 2, protocols: 15, description: 'now blocked' },
        ADMIN_CTX,
      );
      assert.equal(updated.ipornet, '198.51.100.0/24');
      assert.equal(updated.type, 2);
      assert.equal(updated.mode, 2);
      assert.equal(updated.protocols, 0, 'every protocol is stored as 0');
      assert.equal(updated.updated_at, START + 10);
      await assert.rejects(provider.ipLists.update(1, '198.51.100.0/24', {}, ADMIN_CTX), ObjectNotFoundError);
      const deleted = await provider.ipLists.delete(2, '198.51.100.0/24', ADMIN_CTX);
      assert.equal(deleted.description, 'now blocked');
      assert.equal(await provider.ipLists.get(2, '198.51.100.0/24'), undefined);
      assert.equal(await provider.ipLists.get(2, 'not an address'), undefined);
      await assert.rejects(provider.ipLists.delete(2, '198.51.100.0/24', ADMIN_CTX), ObjectNotFoundError);
    });
  });
}
