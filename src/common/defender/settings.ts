/** The `common.defender` settings, checked as SFTPGo checks them, in the units the drivers use. */
import type { CommonConfig } from '../../config/index.js';
import type { HostEvent } from './defender.js';

/** The `common.defender` section. */
export type DefenderConfig = CommonConfig['defender'];

/** A `common.defender` value SFTPGo would refuse. */
export class DefenderConfigError extends Error {
  readonly code = 'ERR_DEFENDER_CONFIG';

  constructor(message: string) {
    super(`invalid defender configuration: ${message}`);
    this.name = 'DefenderConfigError';
  }
}

/** Checked settings, times in milliseconds. */
export interface DefenderSettings {
  readonly threshold: number;
  readonly scores: Readonly<Record<HostEvent, number>>;
  readonly banTimeMs: number;
  /** Added to a ban each time the banned host comes back. */
  readonly banIncrementMs: number;
  readonly observationMs: number;
  readonly softLimit: number;
  readonly hardLimit: number;
  readonly successDelayMs: number;
  readonly passwordFailedDelayMs: number;
}

const MINUTE_MS = 60_000;

/**
 * @throws {DefenderConfigError} when every score is 0, a score reaches the threshold, a time is 0,
 *   or the entries limits are not 1 <= soft < hard.
 */
export function defenderSettings(config: DefenderConfig): DefenderSettings {
  const scores: Record<HostEvent, number> = {
    LoginFailed: config.score_valid,
    UserNotFound: config.score_invalid,
    NoLoginTried: config.score_no_auth,
    LimitExceeded: config.score_limit_exceeded,
  };
  if (Object.values(scores).every((s) => s === 0)) throw new DefenderConfigError('all scores are 0');
  const names: Readonly<Record<HostEvent, string>> = {
    LoginFailed: 'score_valid',
    UserNotFound: 'score_invalid',
    NoLoginTried: 'score_no_auth',
    LimitExceeded: 'score_limit_exceeded',
  };
  for (const [event, score] of Object.entries(scores) as [HostEvent, number][]) {
    if (score >= config.threshold) {
      throw new DefenderConfigError(`${names[event]} ${score} must be below threshold ${config.threshold}`);
    }
  }
  for (const key of ['ban_time', 'ban_time_increment', 'observation_time', 'entries_soft_limit'] as const) {
    if (!(config[key] > 0)) throw new DefenderConfigError(`${key} must be above 0, got ${config[key]}`);
  }
  if (!(config.entries_hard_limit > config.entries_soft_limit)) {
    throw new DefenderConfigError(
      `entries_hard_limit ${config.entries_hard_limit} must be above entries_soft_limit ${config.entries_soft_limit}`,
    );
  }
  // SFTPGo adds at least one minute: increment percent of the ban time, whole minutes.
  const incrementMinutes = Math.max(1, Math.trunc((config.ban_time * config.ban_time_increment) / 100));
  return {
    threshold: config.threshold,
    scores,
    banTimeMs: config.ban_time * MINUTE_MS,
    banIncrementMs: incrementMinutes * MINUTE_MS,
    observationMs: config.observation_time * MINUTE_MS,
    softLimit: config.entries_soft_limit,
    hardLimit: config.entries_hard_limit,
    successDelayMs: config.login_delay.success,
    passwordFailedDelayMs: config.login_delay.password_failed,
  };
}
