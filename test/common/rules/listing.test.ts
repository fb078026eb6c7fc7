import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planListing } from '../../../src/common/rules/listing.js';
import { mount, userWithMounts } from './users.js';

describe('planListing', () => {
  const user = userWithMounts([mount('v', '/vdir'), mount('deep', '/a/b/c'), mount('hid', '/hidden')], {
    filters: {
      start_directory: '/home/alice',
      file_patterns: [{ path: '/', denied_patterns: ['*.exe', 'hidden'], deny_policy: 1 }],
    },
  });

  it('adds mount points, the directories leading to them and to the start directory', () => {
    assert.deepEqual(planListing(user, '/').virtualDirs, ['a', 'home', 'vdir']);
    assert.deepEqual(planListing(user, '/a').virtualDirs, ['b']);
    assert.deepEqual(planListing(user, '/a/b').virtualDirs, ['c']);
    assert.deepEqual(planListing(user, '/home').virtualDirs, ['alice']);
    assert.deepEqual(planListing(user, '/vdir').virtualDirs, []);
  });

  it('drops hidden names and storage entries covered by a virtual directory', () => {
    const plan = planListing(user, '/');
    const names = ['.', '..', 'vdir', 'file.txt', 'x.exe', 'X.EXE', 'hidden', 'a', 'other'];
    assert.deepEqual(
      names.filter((n) => plan.keep(n)),
      ['.', '..', 'file.txt', 'other'],
    );
  });

  it('keeps denied names under the default policy', () => {
    const open = userWithMounts([mount('hid', '/hidden')], {
      filters: { file_patterns: [{ path: '/', denied_patterns: ['hidden', '*.exe'] }] },
    });
    const plan = planListing(open, '/');
    assert.deepEqual(plan.virtualDirs, ['hidden']);
    assert.equal(plan.keep('x.exe'), true);
    assert.equal(plan.keep('hidden'), false);
  });

  it('changes nothing for a user without mounts or filters', () => {
    const plain = userWithMounts([]);
    const plan = planListing(plain, '/');
    assert.deepEqual(plan.virtualDirs, []);
    assert.equal(plan.keep('anything'), true);
  });

  it('a folder mounted on "/" adds nothing', () => {
    const root = userWithMounts([mount('root', '/')]);
    assert.deepEqual(planListing(root, '/').virtualDirs, []);
  });
});
