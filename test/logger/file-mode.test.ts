import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFileMode } from '../../src/logger/file-mode.js';

test('modes print as Go prints os.FileMode, as SFTPGo writes them in filemode', () => {
  const cases: [number, string][] = [
    [0o644, '-rw-r--r--'],
    [0o100600, '-rw-------'],
    [0o755, '-rwxr-xr-x'],
    [0o040755, 'drwxr-xr-x'],
    [0o120777, 'Lrwxrwxrwx'],
    [0o4755, 'urwxr-xr-x'],
    [0o2750, 'grwxr-x---'],
    [0o1777, 'trwxrwxrwx'],
    [0o041777, 'dtrwxrwxrwx'],
    [0o020620, 'Dcrw--w----'],
    [0o010644, 'prw-r--r--'],
    [0, '----------'],
  ];
  for (const [mode, text] of cases) assert.equal(formatFileMode(mode), text, mode.toString(8));
});
