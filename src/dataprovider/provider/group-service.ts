/** Groups: validated CRUD. */
import type { Group } from '../models/group.js';
import type { ProviderStore } from './documents.js';
import { ObjectConflictError, ObjectNotFoundError } from './errors.js';
import type { ActionContext, PendingEvent } from './events.js';
import { userEvents } from './folder-service.js';
import { groupToJSON, parseGroup } from './group-model.js';
import { FolderLookup, groupOfRecord, readGroup } from './readers.js';
import type { ListQuery } from './service-helpers.js';
import { withField } from './service-helpers.js';
import type { ServiceDeps } from './settings.js';
import { storedName } from './settings.js';
import { guard, touchUsers, writeGroup } from './writes.js';

/**
 * Groups. A change to a group also changes its members: their update time is set and an `update`
 * event is sent for each, as SFTPGo does.
 */
export interface GroupService {
  /**
   * @throws {ValidationError} naming the offending field (a mounted folder must exist).
   * @throws {ObjectConflictError} if the name is taken.
   */
  add(input: unknown, ctx: ActionContext): Promise<Group>;
  /**
   * Replaces the group named `name` (the name in `input` is ignored).
   * @throws {ObjectNotFoundError} if there is no such group.
   * @throws {ValidationError} naming the offending field.
   */
  update(name: string, input: unknown, ctx: ActionContext): Promise<Group>;
  /**
   * @returns the deleted group.
   * @throws {ObjectNotFoundError} if there is no such group.
   * @throws {ObjectConflictError} while users belong to it.
   */
  delete(name: string, ctx: ActionContext): Promise<Group>;
  /** The group with its members, or `undefined`. */
  get(name: string): Promise<Group | undefined>;
  /** A page of groups ordered by name. */
  list(query: ListQuery): Promise<Group[]>;
  count(): Promise<number>;
}

/** The {@link GroupService} of a provider. */
export class ProviderGroupService implements GroupService {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  async add(input: unknown, ctx: ActionContext): Promise<Group> {
    const deps = this.#deps;
    const group = parseGroup(input, deps.settings.validation);
    const stored = await deps.store.transaction(async (tx) => {
      await writeGroup(tx, group, false);
      return mustReadGroup(tx, group.name);
    });
    deps.events.emit([groupEvent('add', stored)], ctx);
    return stored;
  }

  async update(name: string, input: unknown, ctx: ActionContext): Promise<Group> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const group = parseGroup(withField(input, 'name', key), deps.settings.validation);
    const { stored, events } = await deps.store.transaction(async (tx) => {
      await mustReadGroup(tx, key);
      await writeGroup(tx, group, true);
      const members = await tx.users.usersOfGroup(key);
      await touchUsers(tx, members);
      return { stored: await mustReadGroup(tx, key), events: await userEvents(tx, members) };
    });
    deps.events.emit([groupEvent('update', stored), ...events], ctx);
    return stored;
  }

  async delete(name: string, ctx: ActionContext): Promise<Group> {
    const deps = this.#deps;
    const key = storedName(deps.settings, name);
    const deleted = await deps.store.transaction(async (tx) => {
      const group = await mustReadGroup(tx, key);
      if (group.users.length > 0) {
        throw new ObjectConflictError(
          'group',
          key,
          `it is used by ${group.users.length} user(s), remove them from the group first`,
        );
      }
      await guard('group', key, () => tx.groups.delete(key));
      return group;
    });
    deps.events.emit([groupEvent('delete', deleted)], ctx);
    return deleted;
  }

  get(name: string): Promise<Group | undefined> {
    return readGroup(this.#deps.store, storedName(this.#deps.settings, name));
  }

  async list(query: ListQuery): Promise<Group[]> {
    const store = this.#deps.store;
    const lookup = new FolderLookup(store);
    const groups: Group[] = [];
    for (const record of await store.groups.list(query))
      groups.push(await groupOfRecord(store, record, lookup));
    return groups;
  }

  count(): Promise<number> {
    return this.#deps.store.groups.count();
  }
}

/** @throws {ObjectNotFoundError} */
async function mustReadGroup(store: ProviderStore, name: string): Promise<Group> {
  const group = await readGroup(store, name);
  if (group === undefined) throw new ObjectNotFoundError('group', name);
  return group;
}

/** The event of a change to a group. */
export function groupEvent(action: PendingEvent['action'], group: Group): PendingEvent {
  return {
    action,
    objectType: 'group',
    objectName: group.name,
    object: groupToJSON(group, { forDump: false }),
  };
}
