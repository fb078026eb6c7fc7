/**
 * Virtual folder mappings, of users or of groups.
 */
import type { MappingEngine } from '../engine.js';
import { compareNames, num } from '../kinds.js';
import type { Kind } from '../kinds.js';
import { checkFolderMappings, checkName } from '../limits.js';
import type { FolderMapping } from '../records.js';

/**
 * Folder mappings of one owner kind: checks them (StoreInvalidArgumentError) and returns them
 * sorted; missing owners or folders throw StoreNotFoundError.
 */
export class FolderMappings {
  readonly #engine: MappingEngine;
  readonly #owner: Kind<unknown>;

  constructor(engine: MappingEngine, owner: Kind<unknown>) {
    this.#engine = engine;
    this.#owner = owner;
  }

  #checkOwner(name: string): void {
    checkName(`${this.#owner.label} name`, name, this.#owner.maxKeyLength);
  }

  async set(name: string, mappings: readonly FolderMapping[]): Promise<void> {
    this.#checkOwner(name);
    checkFolderMappings(`${this.#owner.label} "${name}"`, mappings);
    await this.#engine.replace(
      name,
      mappings.map((m) => ({
        target: m.folder,
        values: { virtual_path: m.virtualPath, quota_size: m.quotaSize, quota_files: m.quotaFiles },
      })),
    );
  }

  async of(name: string): Promise<FolderMapping[]> {
    this.#checkOwner(name);
    const rows = await this.#engine.of(name);
    return rows
      .map((row) => ({
        folder: row.target,
        virtualPath: String(row.values['virtual_path']),
        quotaSize: num(row.values, 'quota_size'),
        quotaFiles: num(row.values, 'quota_files'),
      }))
      .sort((a, b) => compareNames(a.virtualPath, b.virtualPath));
  }

  async ownersOf(folder: string): Promise<string[]> {
    checkName('folder name', folder);
    return (await this.#engine.ownersOf(folder)).sort(compareNames);
  }
}
