/**
 * The defender store: checks the arguments, then lets the driver's engine do the work.
 */
import type { DefenderEngine } from '../engine.js';
import { StoreInvalidArgumentError } from '../errors.js';
import { MAX_LIST_LIMIT, checkInteger, checkIp } from '../limits.js';
import type { DefenderHost } from '../records.js';
import type { DefenderQuery, DefenderStore } from '../stores.js';

function checkFrom(query: DefenderQuery): DefenderQuery {
  return { from: checkInteger('defender from time', query.from, 0) };
}

/**
 * The DefenderStore of every driver: throws StoreInvalidArgumentError for out-of-bounds
 * arguments, then delegates to the driver.
 */
export class EngineDefenderStore implements DefenderStore {
  readonly #engine: DefenderEngine;

  constructor(engine: DefenderEngine) {
    this.#engine = engine;
  }

  async addEvent(event: { readonly ip: string; readonly score: number; readonly at: number }): Promise<void> {
    await this.#engine.addEvent({
      ip: checkIp(event.ip),
      score: checkInteger('defender score', event.score),
      at: checkInteger('defender event time', event.at, 0),
    });
  }

  async listHosts(query: DefenderQuery & { readonly limit: number }): Promise<DefenderHost[]> {
    const limit = checkInteger('defender host limit', query.limit, 1);
    if (limit > MAX_LIST_LIMIT) {
      throw new StoreInvalidArgumentError(
        `defender host limit ${limit} is above the maximum of ${MAX_LIST_LIMIT}`,
      );
    }
    return this.#engine.listHosts({ ...checkFrom(query), limit });
  }

  async getHost(ip: string, query: DefenderQuery): Promise<DefenderHost | undefined> {
    return this.#engine.getHost(checkIp(ip), checkFrom(query));
  }

  async isBanned(ip: string, at: number): Promise<boolean> {
    return this.#engine.isBanned(checkIp(ip), checkInteger('defender time', at, 0));
  }

  async setBanTime(ip: string, banTime: number): Promise<void> {
    await this.#engine.setBanTime(checkIp(ip), checkInteger('ban time', banTime, 0));
  }

  async incrementBanTime(ip: string, ms: number): Promise<void> {
    await this.#engine.incrementBanTime(checkIp(ip), checkInteger('ban time increment', ms));
  }

  async deleteHost(ip: string): Promise<void> {
    await this.#engine.deleteHost(checkIp(ip));
  }

  async cleanup(options: { readonly from: number; readonly at: number }): Promise<void> {
    await this.#engine.cleanup({
      from: checkInteger('defender cleanup from time', options.from, 0),
      at: checkInteger('defender cleanup time', options.at, 0),
    });
  }
}
