import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatBackupTimestamp,
  formatCommandTime,
  formatRecordTime,
  parseBackupTimestamp,
  RecordClock,
} from '../../src/logger/log-time.js';

// A zone without daylight saving, far from UTC, so local and UTC results always differ.
process.env.TZ = 'Asia/Kolkata';

const instant = new Date(Date.UTC(2026, 10, 21, 1, 2, 3, 45)); // 2026-11-21 01:02:03.045 UTC

test('record time: milliseconds, no zone suffix, local or UTC', () => {
  assert.equal(formatRecordTime(instant, true), '2026-11-21T01:02:03.045');
  assert.equal(formatRecordTime(instant, false), '2026-11-21T06:32:03.045');
});

test('command times have no milliseconds', () => {
  assert.equal(formatCommandTime(instant, true), '2026-11-21T01:02:03');
  assert.equal(formatCommandTime(instant, false), '2026-11-21T06:32:03');
});

test('backup timestamps use dashes and read back to the same instant', () => {
  assert.equal(formatBackupTimestamp(instant, true), '2026-11-21T01-02-03.045');
  assert.equal(formatBackupTimestamp(instant, false), '2026-11-21T06-32-03.045');
  assert.equal(parseBackupTimestamp('2026-11-21T01-02-03.045', true)?.getTime(), instant.getTime());
  assert.equal(parseBackupTimestamp('2026-11-21T06-32-03.045', false)?.getTime(), instant.getTime());
});

test('backup timestamps that are not ours are rejected', () => {
  for (const text of [
    '2026-13-01T00-00-00.000',
    '2026-02-30T00-00-00.000',
    '2026-11-21T01:02:03.045',
    'notes',
    '',
  ]) {
    assert.equal(parseBackupTimestamp(text, true), undefined, text);
  }
});

test('the clock reuses the seconds part but always prints the right milliseconds', () => {
  const clock = new RecordClock(true);
  const base = instant.getTime();
  assert.equal(clock.format(base), '2026-11-21T01:02:03.045');
  assert.equal(clock.format(base + 1), '2026-11-21T01:02:03.046');
  assert.equal(clock.format(base + 955), '2026-11-21T01:02:04.000');
  assert.equal(clock.format(base - 46), '2026-11-21T01:02:02.999');
  assert.equal(new RecordClock(false).format(base), '2026-11-21T06:32:03.045');
});
