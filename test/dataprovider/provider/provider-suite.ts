/**
 * The behaviour of the data provider, the same on every driver. Each driver's test file calls
 * {@link providerSuite} with its store target.
 */
import { describe } from 'node:test';
import type { StoreTarget } from '../store/store-target.js';
import { accountTests } from './suite-accounts.js';
import { backupTests } from './suite-backup.js';
import { folderTests } from './suite-folders.js';
import { ipListTests } from './suite-ip-lists.js';
import { userTests } from './suite-users.js';

/** Runs every provider test against `target`, or reports them skipped with the reason. */
export function providerSuite(label: string, target: StoreTarget | { readonly skip: string }): void {
  if ('skip' in target) {
    describe(`${label} data provider`, { skip: target.skip }, () => {});
    return;
  }
  describe(`${label} data provider`, () => {
    userTests(target);
    folderTests(target);
    accountTests(target);
    backupTests(target);
    ipListTests(target);
  });
}
