import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/config/index.js';
import {
  DefenderConfigError,
  MemoryDefender,
  ProviderDefender,
  createDefender,
  defenderHostIdToIP,
  defenderHostToJSON,
  defenderSettings,
} from '../../../src/common/defender/index.js';
import type { Defender, DefenderConfig } from '../../../src/common/defender/index.js';
import { MemoryIPLists } from '../../../src/common/guards/index.js';
import { openStore } from '../../../src/dataprovider/store/index.js';
import type { StoreTarget } from '../../dataprovider/store/store-target.js';
import {
  memoryTarget,
  mysqlTarget,
  postgresTarget,
  sqliteTarget,
} from '../../dataprovider/store/store-target.js';

// Every driver runs the same behaviour suite: the memory driver, and the provider driver over each
// store driver (PostgreSQL and MySQL when their URLs are set). A settable clock stands for time.

const MINUTE = 60_000;

function config(over: Partial<DefenderConfig> = {}): DefenderConfig {
  return { ...defaultConfig().common.defender, enabled: true, ...over };
}

const lists = new MemoryIPLists([
  { ipornet: '203.0.113.0/24', type: 2, mode: 1, protocols: 0 },
  { ipornet: '198.51.100.66', type: 2, mode: 2, protocols: 0 },
  // A deny network with a more specific allow entry inside it: the most specific one wins.
  { ipornet: '192.0.2.128/25', type: 2, mode: 2, protocols: 0 },
  { ipornet: '192.0.2.200', type: 2, mode: 1, protocols: 0 },
  // An allow entry for FTP only.
  { ipornet: '2001:db8::/32', type: 2, mode: 1, protocols: 2 },
]);

type Make = (over: Partial<DefenderConfig>, now: () => number) => Promise<Defender>;

function suite(name: string, make: Make): void {
  describe(`defender (${name})`, () => {
    let t = 1_700_000_000_000;
    const now = () => t;

    it('20 wrong passwords from one address ban it for ban_time; unban forgets it', async () => {
      const defender = await make({}, now);
      const ip = '192.0.2.10';
      let bannedAfter = 0;
      for (let i = 1; i <= 20; i++) {
        t += 1000;
        await defender.addEvent(ip, 'SSH', 'LoginFailed');
        if (bannedAfter === 0 && (await defender.isBanned(ip, 'SSH'))) bannedAfter = i;
      }
      assert.equal(bannedAfter, 15, 'score_valid 1, threshold 15');
      const host = await defender.getHost(ip);
      assert.ok(host && host.banTime > t, JSON.stringify(host));
      const listed = await defender.listHosts();
      assert.deepEqual(
        listed.map((h) => h.ip),
        [ip],
      );
      assert.ok(await defender.unban(ip));
      assert.equal(await defender.isBanned(ip, 'SSH'), false);
      assert.equal(await defender.getHost(ip), undefined);
      assert.equal(await defender.unban(ip), false);
    });

    it('unknown users score score_invalid; the score counts only the observation time', async () => {
      const defender = await make({ observation_time: 2 }, now);
      const ip = '2001:db9::5';
      await defender.addEvent(ip, 'FTP', 'UserNotFound');
      await defender.addEvent(ip, 'FTP', 'LoginFailed');
      assert.equal((await defender.getHost(ip))?.score, 3);
      t += MINUTE;
      await defender.addEvent(ip, 'FTP', 'LimitExceeded');
      assert.equal((await defender.getHost(ip))?.score, 6);
      t += MINUTE + 1000;
      assert.equal((await defender.getHost(ip))?.score, 3);
      t += 2 * MINUTE;
      assert.equal(await defender.getHost(ip), undefined);
      // score_no_auth is 0 by default: such events change nothing.
      await defender.addEvent(ip, 'FTP', 'NoLoginTried');
      assert.equal(await defender.getHost(ip), undefined);
    });

    it('a ban ends after ban_time, and a banned host coming back extends it', async () => {
      const defender = await make(
        { threshold: 4, score_invalid: 2, ban_time: 10, ban_time_increment: 50 },
        now,
      );
      const ip = '192.0.2.11';
      await defender.addEvent(ip, 'SSH', 'UserNotFound');
      await defender.addEvent(ip, 'SSH', 'UserNotFound');
      const first = (await defender.getHost(ip))?.banTime ?? 0;
      assert.equal(first, t + 10 * MINUTE);
      // Events of a banned host are not counted.
      await defender.addEvent(ip, 'SSH', 'UserNotFound');
      assert.equal((await defender.getHost(ip))?.banTime, first);
      t += 9 * MINUTE;
      assert.equal(await defender.isBanned(ip, 'SSH'), true);
      assert.equal((await defender.getHost(ip))?.banTime, first + 5 * MINUTE);
      t += 6 * MINUTE + 1;
      assert.equal(await defender.isBanned(ip, 'SSH'), false);
    });

    it('safe-listed addresses are never banned; deny-listed ones always are', async () => {
      const defender = await make({}, now);
      for (let i = 0; i < 30; i++)
        assert.equal(await defender.addEvent('203.0.113.9', 'SSH', 'UserNotFound'), true);
      assert.equal(await defender.isBanned('203.0.113.9', 'SSH'), false);
      assert.equal(await defender.getHost('203.0.113.9'), undefined);
      assert.equal(await defender.isBanned('198.51.100.66', 'HTTP'), true);
      assert.equal(await defender.isBanned('192.0.2.130', 'SSH'), true);
      assert.equal(await defender.isBanned('192.0.2.200', 'SSH'), false);
      assert.equal(await defender.isSafe('2001:db8::1', 'FTP'), true);
      assert.equal(await defender.isSafe('2001:db8::1', 'SSH'), false);
    });

    it('IPv4-mapped addresses count as their IPv4 address', async () => {
      const defender = await make({ threshold: 4, score_valid: 2 }, now);
      await defender.addEvent('::ffff:192.0.2.44', 'SSH', 'LoginFailed');
      await defender.addEvent('192.0.2.44', 'SSH', 'LoginFailed');
      assert.equal(await defender.isBanned('::ffff:192.0.2.44', 'SSH'), true);
      assert.equal((await defender.getHost('192.0.2.44'))?.ip, '192.0.2.44');
    });
  });
}

suite(
  'memory',
  async (over, now) => new MemoryDefender(defenderSettings(config(over)), { ipLists: lists, now }),
);

function providerSuite(label: string, target: StoreTarget | { readonly skip: string }): void {
  if ('skip' in target) {
    it(`defender (provider over ${label})`, { skip: target.skip }, () => undefined);
    return;
  }
  const cleanups: (() => Promise<void>)[] = [];
  suite(`provider over ${label}`, async (over, now) => {
    const db = await target.database();
    const store = await openStore(db.config, { configDir: db.configDir, migrate: true });
    cleanups.push(async () => {
      await store.close();
      await db.cleanup();
    });
    return new ProviderDefender(defenderSettings(config(over)), {
      ipLists: lists,
      now,
      store: store.defender,
    });
  });
  it(`closes the ${label} stores`, async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
}

providerSuite('memory store', memoryTarget);
providerSuite('sqlite', sqliteTarget);
providerSuite('postgresql', postgresTarget());
providerSuite('mysql', mysqlTarget());

describe('defender memory bounds', () => {
  it('keeps hosts and bans between the soft and hard limits', async () => {
    let t = 0;
    const defender = new MemoryDefender(
      defenderSettings(
        config({ threshold: 4, score_valid: 2, entries_soft_limit: 10, entries_hard_limit: 20 }),
      ),
      { ipLists: new MemoryIPLists(), now: () => t },
    );
    for (let i = 0; i < 1000; i++) {
      t += 10;
      await defender.addEvent(`10.0.${i >> 8}.${i & 255}`, 'SSH', 'LoginFailed');
      assert.ok(defender.size.hosts <= 20);
    }
    for (let i = 0; i < 1000; i++) {
      t += 10;
      await defender.addEvent(`10.1.${i >> 8}.${i & 255}`, 'SSH', 'LoginFailed');
      await defender.addEvent(`10.1.${i >> 8}.${i & 255}`, 'SSH', 'LoginFailed');
      assert.ok(defender.size.banned <= 20);
    }
    // The most recent ban is kept.
    assert.equal(await defender.isBanned('10.1.3.231', 'SSH'), true);
  });
});

describe('defender settings', () => {
  it('refuse what SFTPGo refuses', () => {
    assert.throws(() => defenderSettings(config({ score_valid: 15 })), DefenderConfigError);
    assert.throws(
      () =>
        defenderSettings(
          config({ score_valid: 0, score_invalid: 0, score_limit_exceeded: 0, score_no_auth: 0 }),
        ),
      DefenderConfigError,
    );
    assert.throws(() => defenderSettings(config({ ban_time: 0 })), DefenderConfigError);
    assert.throws(() => defenderSettings(config({ observation_time: 0 })), DefenderConfigError);
    assert.throws(() => defenderSettings(config({ entries_hard_limit: 100 })), DefenderConfigError);
  });

  it('convert minutes and percent; the increment is at least one minute', () => {
    const s = defenderSettings(config({ ban_time: 1, ban_time_increment: 10 }));
    assert.equal(s.banTimeMs, MINUTE);
    assert.equal(s.banIncrementMs, MINUTE);
    assert.equal(defenderSettings(config()).banIncrementMs, 15 * MINUTE);
  });

  it('createDefender picks the driver; disabled means none', async () => {
    const db = await memoryTarget.database();
    const store = await openStore(db.config, { configDir: db.configDir, migrate: true });
    try {
      const deps = { ipLists: new MemoryIPLists(), store: store.defender };
      assert.equal(createDefender({ ...config(), enabled: false }, deps), undefined);
      assert.ok(createDefender(config(), deps) instanceof MemoryDefender);
      assert.ok(createDefender(config({ driver: 'provider' }), deps) instanceof ProviderDefender);
    } finally {
      await store.close();
      await db.cleanup();
    }
  });

  it('login delays wait the configured time', async () => {
    const defender = new MemoryDefender(
      defenderSettings(config({ login_delay: { success: 30, password_failed: 80 } })),
      { ipLists: new MemoryIPLists() },
    );
    let started = performance.now();
    await defender.delayLogin('success');
    assert.ok(performance.now() - started >= 25);
    started = performance.now();
    await defender.delayLogin('password_failed');
    assert.ok(performance.now() - started >= 75);
  });
});

describe('defender REST form', () => {
  it('has SFTPGo fields and a hex id that maps back to the address', () => {
    const json = defenderHostToJSON({ ip: '192.0.2.1', banTime: Date.UTC(2030, 0, 2, 3, 4, 5), score: 0 });
    assert.deepEqual(
      json,
      {
        id: '3139322e302e322e31',
        ip: '192.0.2.1',
        ban_time: '2030-01-02T03:04:05.000Z',
      },
      'a score of 0 is left out, as SFTPGo does',
    );
    assert.equal(defenderHostIdToIP(json.id), '192.0.2.1');
    assert.equal(defenderHostIdToIP('zz'), undefined);
    assert.deepEqual(defenderHostToJSON({ ip: '::1', banTime: 0, score: 3 }), {
      id: '3a3a31',
      ip: '::1',
      score: 3,
    });
  });
});
