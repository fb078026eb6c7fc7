/** Weekly time windows in which a user may log in (`filters.access_time`). */
import { checkRange } from './checks.js';
import type { RecordSpec } from './record.js';
import { ValidationError, childField } from './validation-error.js';

/** A window on one day of the week, `from` before `to`, both `HH:MM`. */
export interface TimePeriod {
  /** 0 Sunday … 6 Saturday. */
  day_of_week: number;
  from: string;
  to: string;
}

/** JSON layout of {@link TimePeriod}. */
export const TIME_PERIOD_SPEC: RecordSpec<TimePeriod> = { day_of_week: 'int', from: 'string', to: 'string' };

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** @throws {ValidationError} for a day outside 0..6, a time not in `HH:MM` or an end not after the start. */
export function validateTimePeriod(period: TimePeriod, field: string): TimePeriod {
  checkRange(period.day_of_week, childField(field, 'day_of_week'), { min: 0, max: 6 });
  for (const key of ['from', 'to'] as const) {
    if (!TIME_OF_DAY.test(period[key])) {
      throw new ValidationError(
        childField(field, key),
        `invalid time of day ${JSON.stringify(period[key])}, use HH:MM`,
      );
    }
  }
  if (period.to <= period.from)
    throw new ValidationError(childField(field, 'to'), 'the end must be after the start');
  return { ...period };
}
