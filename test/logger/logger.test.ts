import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLogger, LoggerError, type Logger, type LoggerOptions } from '../../src/logger/index.js';
import { tempDir } from '../helpers/tmp.js';
import { fileLines, fileRecords, loggerOptions } from './log-files.js';

// A zone without daylight saving, far from UTC, so local and UTC timestamps always differ.
process.env.TZ = 'Asia/Kolkata';

const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

async function fileLogger(
  t: TestContext,
  overrides: Partial<LoggerOptions> = {},
): Promise<{ log: Logger; path: string }> {
  const path = join(await tempDir(t), 'sftpgo.log');
  const log = createLogger(
    loggerOptions({ filePath: path, maxSizeMB: 10, maxBackups: 5, maxAgeDays: 28, ...overrides }),
  );
  t.after(() => log.close());
  return { log, path };
}

/** Reads a record's `time` back as an instant, in UTC or in the process's local zone. */
function recordInstant(time: string, utc: boolean): number {
  return utc ? Date.parse(`${time}Z`) : new Date(time).getTime();
}

test('app records: level, time, sender, then message, as SFTPGo writes them', async (t) => {
  const { log, path } = await fileLogger(t);
  log.debug('sftpd', 'server listening on 0.0.0.0:2022');
  log.info('dataprovider_sqlite', 'quota updated', { files: 3, size: 1024 });
  log.warn('httpd', 'rate limit exceeded');
  log.error('service', 'cannot start', { cause: 'address in use' });
  await log.close();
  const records = fileRecords(path);
  assert.deepEqual(
    records.map((r) => r.level),
    ['debug', 'info', 'warn', 'error'],
  );
  assert.deepEqual(Object.keys(records[0]!), ['level', 'time', 'sender', 'message']);
  assert.deepEqual(records[0], {
    ...records[0],
    sender: 'sftpd',
    message: 'server listening on 0.0.0.0:2022',
  });
  assert.deepEqual(Object.keys(records[1]!), ['level', 'time', 'sender', 'files', 'size', 'message']);
  assert.equal(records[1]!.files, 3);
  for (const r of records) assert.match(r.time as string, timePattern);
});

test('record time is local time by default and UTC with utcTime, both with milliseconds', async (t) => {
  for (const utcTime of [false, true]) {
    const { log, path } = await fileLogger(t, { utcTime });
    const before = Date.now();
    log.info('test', 'now');
    const after = Date.now();
    await log.close();
    const [record] = fileRecords(path);
    const time = record!.time as string;
    assert.match(time, timePattern);
    const instant = recordInstant(time, utcTime);
    assert.ok(
      instant >= before && instant <= after,
      `${time} (utc=${utcTime}) not within the logging instant`,
    );
  }
});

test('child loggers add connection_id, protocol and username after sender', async (t) => {
  const { log, path } = await fileLogger(t);
  const conn = log.child({ connectionId: 'SFTP_4f2a_1', protocol: 'SFTP' });
  conn.info('SFTP', 'connection opened');
  conn.child({ username: 'alice' }).debug('SFTP', 'open file', { path: '/docs/a.txt' });
  // Fields cannot replace the contract keys.
  conn.info('SFTP', 'spoof', { sender: 'connection_failed', level: 'error', message: 'x', time: 'y' });
  await log.close();
  const [opened, open, spoof] = fileRecords(path);
  assert.deepEqual(Object.keys(opened!), ['level', 'time', 'sender', 'connection_id', 'protocol', 'message']);
  assert.equal(opened!.connection_id, 'SFTP_4f2a_1');
  assert.deepEqual(Object.keys(open!), [
    'level',
    'time',
    'sender',
    'connection_id',
    'protocol',
    'username',
    'path',
    'message',
  ]);
  assert.equal(open!.username, 'alice');
  assert.equal(spoof!.sender, 'SFTP');
  assert.equal(spoof!.level, 'info');
  assert.equal(spoof!.message, 'spoof');
  assert.match(spoof!.time as string, timePattern);
});

test('transfer records: keys, order and integer values; error level on failure', async (t) => {
  const { log, path } = await fileLogger(t);
  const conn = log.child({ connectionId: 'FTP_9_2', protocol: 'FTP', username: 'bob' });
  conn.transfer({
    operation: 'Upload',
    filePath: '/srv/bob/in/report.pdf',
    virtualPath: '/in/report.pdf',
    elapsedMs: 152.9,
    sizeBytes: 65536,
    localAddr: '192.0.2.1:21',
    remoteAddr: '198.51.100.7:50112',
    ftpMode: 'passive',
  });
  log.transfer({
    operation: 'Download',
    filePath: '/srv/carol/big.iso',
    virtualPath: '/big.iso',
    elapsedMs: 10,
    sizeBytes: 0,
    localAddr: '192.0.2.1:2022',
    remoteAddr: '198.51.100.8',
    username: 'carol',
    connectionId: 'SFTP_1_1',
    protocol: 'SFTP',
    error: new Error('failure: denying write due to space limit'),
  });
  await log.close();
  const [up, down] = fileRecords(path);
  assert.deepEqual(up, {
    level: 'info',
    time: up!.time,
    sender: 'Upload',
    local_addr: '192.0.2.1:21',
    remote_addr: '198.51.100.7:50112',
    elapsed_ms: 152,
    size_bytes: 65536,
    username: 'bob',
    file_path: '/srv/bob/in/report.pdf',
    virtual_path: '/in/report.pdf',
    connection_id: 'FTP_9_2',
    protocol: 'FTP',
    ftp_mode: 'passive',
  });
  // deepEqual ignores key order: the raw line pins it.
  const [upLine] = fileLines(path);
  assert.match(
    upLine!,
    /^\{"level":"info","time":"[^"]+","sender":"Upload","local_addr":"192\.0\.2\.1:21","remote_addr":"198\.51\.100\.7:50112","elapsed_ms":152,"size_bytes":65536,"username":"bob","file_path":"\/srv\/bob\/in\/report\.pdf","virtual_path":"\/in\/report\.pdf","connection_id":"FTP_9_2","protocol":"FTP","ftp_mode":"passive"\}$/,
  );
  assert.equal(down!.level, 'error');
  assert.equal(down!.ftp_mode, undefined);
  assert.equal(down!.error, 'failure: denying write due to space limit');
  assert.deepEqual(Object.keys(down!).slice(-3), ['connection_id', 'protocol', 'error']);
});

test('command records: every key always present, placeholders where not applicable', async (t) => {
  const { log, path } = await fileLogger(t, { utcTime: true });
  const conn = log.child({ connectionId: 'SFTP_7_3', protocol: 'SFTP', username: 'dave' });
  const common = { localAddr: '192.0.2.1:2022', remoteAddr: '198.51.100.9:40000', elapsedMs: 3 };
  conn.command({
    command: 'Rename',
    filePath: '/srv/a',
    targetPath: '/srv/b',
    virtualPath: '/a',
    virtualTargetPath: '/b',
    ...common,
  });
  conn.command({ command: 'Chmod', filePath: '/srv/a', virtualPath: '/a', fileMode: 0o640, ...common });
  conn.command({ command: 'Chown', filePath: '/srv/a', virtualPath: '/a', uid: 1000, gid: 100, ...common });
  conn.command({
    command: 'Chtimes',
    filePath: '/srv/a',
    virtualPath: '/a',
    accessTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 600)),
    modificationTime: new Date(Date.UTC(2025, 11, 31, 23, 59, 59)),
    ...common,
  });
  conn.command({ command: 'Truncate', filePath: '/srv/a', virtualPath: '/a', size: 10, ...common });
  conn.command({
    command: 'SSHCommand',
    filePath: '/srv',
    virtualPath: '/',
    sshCommand: 'sha256sum /a',
    ...common,
  });
  await log.close();
  const records = fileRecords(path);
  const keys = [
    'level',
    'time',
    'sender',
    'local_addr',
    'remote_addr',
    'username',
    'file_path',
    'target_path',
    'virtual_path',
    'virtual_target_path',
    'filemode',
    'uid',
    'gid',
    'access_time',
    'modification_time',
    'size',
    'elapsed',
    'ssh_command',
    'connection_id',
    'protocol',
  ];
  for (const r of records) {
    assert.deepEqual(Object.keys(r), keys);
    assert.equal(r.level, 'info');
    assert.equal(r.username, 'dave');
    assert.equal(r.connection_id, 'SFTP_7_3');
    assert.equal(r.elapsed, 3);
  }
  const [rename, chmod, chown, chtimes, truncate, ssh] = records;
  assert.deepEqual(
    [
      rename!.target_path,
      rename!.virtual_target_path,
      rename!.filemode,
      rename!.uid,
      rename!.gid,
      rename!.size,
    ],
    ['/srv/b', '/b', '', -1, -1, -1],
  );
  assert.equal(chmod!.filemode, '-rw-r-----');
  assert.deepEqual([chown!.uid, chown!.gid], [1000, 100]);
  assert.deepEqual(
    [chtimes!.access_time, chtimes!.modification_time],
    ['2026-01-02T03:04:05', '2025-12-31T23:59:59'],
  );
  assert.equal(rename!.access_time, '');
  assert.equal(truncate!.size, 10);
  assert.equal(ssh!.ssh_command, 'sha256sum /a');
  assert.equal(rename!.ssh_command, '');
});

test('http records: sender httpd, SFTPGo key order, level from the status', async (t) => {
  const { log, path } = await fileLogger(t);
  const base = {
    localAddr: '127.0.0.1:8080',
    remoteAddr: '127.0.0.1:51000',
    proto: 'HTTP/1.1',
    method: 'GET',
    userAgent: 'curl/8.5.0',
    uri: 'http://127.0.0.1:8080/api/v2/users',
    respSize: 120,
    elapsedMs: 4.8,
  };
  log.http({ ...base, respStatus: 200, requestId: 'd0b1c' });
  log.http({ ...base, respStatus: 404, cipherSuite: 'TLS_AES_128_GCM_SHA256' });
  log.http({ ...base, respStatus: 503 });
  await log.close();
  const [ok, notFound, unavailable] = fileRecords(path);
  assert.deepEqual(Object.keys(ok!), [
    'level',
    'time',
    'sender',
    'cipher_suite',
    'local_addr',
    'method',
    'proto',
    'remote_addr',
    'request_id',
    'uri',
    'user_agent',
    'resp_status',
    'resp_size',
    'elapsed_ms',
  ]);
  assert.deepEqual(
    [ok!.level, ok!.sender, ok!.cipher_suite, ok!.resp_status, ok!.elapsed_ms],
    ['debug', 'httpd', '', 200, 4],
  );
  assert.equal(notFound!.level, 'warn');
  assert.equal(notFound!.cipher_suite, 'TLS_AES_128_GCM_SHA256');
  assert.equal('request_id' in notFound!, false);
  assert.equal(unavailable!.level, 'error');
});

test('connection_failed records: the exact line shape fail2ban filters match', async (t) => {
  const { log, path } = await fileLogger(t);
  log.connectionFailed({
    clientIp: '203.0.113.5',
    username: 'root',
    loginType: 'password',
    protocol: 'SSH',
    error: new Error('invalid credentials'),
  });
  log
    .child({ protocol: 'FTP' })
    .connectionFailed({ clientIp: '203.0.113.6', loginType: 'no_auth_tried', error: 'timeout' });
  await log.close();
  const [first, second] = fileLines(path);
  assert.match(
    first!,
    /^\{"level":"debug","time":"[^"]+","sender":"connection_failed","client_ip":"203\.0\.113\.5","username":"root","login_type":"password","protocol":"SSH","error":"invalid credentials"\}$/,
  );
  assert.match(
    second!,
    /"sender":"connection_failed","client_ip":"203\.0\.113\.6","username":"","login_type":"no_auth_tried","protocol":"FTP","error":"timeout"\}$/,
  );
});

test('level filtering, also for the typed records, and setLevel at run time', async (t) => {
  const { log, path } = await fileLogger(t, { level: 'info' });
  const child = log.child({ connectionId: 'c1' });
  log.debug('test', 'hidden debug');
  log.connectionFailed({
    clientIp: '203.0.113.5',
    username: 'x',
    loginType: 'password',
    protocol: 'SSH',
    error: 'e',
  });
  log.http({
    localAddr: '',
    remoteAddr: '',
    proto: 'HTTP/1.1',
    method: 'GET',
    userAgent: '',
    uri: '/',
    respStatus: 200,
    respSize: 0,
    elapsedMs: 0,
  });
  log.info('test', 'shown info');
  assert.equal(log.isLevelEnabled('debug'), false);
  child.setLevel('error');
  log.warn('test', 'hidden warn');
  log.error('test', 'shown error');
  log.setLevel('debug');
  assert.equal(child.isLevelEnabled('debug'), true);
  child.debug('test', 'shown debug');
  assert.throws(() => log.setLevel('trace' as never), { code: 'LOG_INVALID_OPTION' });
  await log.close();
  assert.deepEqual(
    fileRecords(path).map((r) => r.message),
    ['shown info', 'shown error', 'shown debug'],
  );
});

test('secrets in structured fields are redacted, at the top level and nested', async (t) => {
  const { log, path } = await fileLogger(t);
  const user = {
    username: 'erin',
    password: 'hunter2',
    filesystem: { sftpconfig: { private_key: 'KEY', key_passphrase: 'pp' } },
  };
  log.info('httpd', 'user added', { user, token: 'eyJhbGciOi', api_key: 'k.123', secret: { payload: 'x' } });
  await log.close();
  const [line] = fileLines(path);
  for (const secret of ['hunter2', 'KEY', '"pp"', 'eyJhbGciOi', 'k.123', '"x"']) {
    assert.equal(line!.includes(secret), false, `${secret} leaked: ${line}`);
  }
  const [record] = fileRecords(path);
  assert.equal(record!.token, '[redacted]');
  assert.equal(record!.secret, '[redacted]');
  assert.deepEqual(record!.user, {
    username: 'erin',
    password: '[redacted]',
    filesystem: { sftpconfig: { private_key: '[redacted]', key_passphrase: '[redacted]' } },
  });
  // The caller's object is not modified.
  assert.equal(user.password, 'hunter2');
});

test('records are batched, written by flushSync and by close', async (t) => {
  const { log, path } = await fileLogger(t);
  log.info('test', 'one');
  log.info('test', 'two');
  assert.deepEqual(fileLines(path), [], 'lines are held until the end of the event-loop turn');
  log.flushSync();
  assert.equal(fileLines(path).length, 2);
  log.info('test', 'three');
  await log.close();
  assert.deepEqual(
    fileRecords(path).map((r) => r.message),
    ['one', 'two', 'three'],
  );
  log.info('test', 'after close');
  await log.close();
  assert.equal(fileLines(path).length, 3);
});

test('lines reach the file at the end of the event-loop turn without any flush call', async (t) => {
  const { log, path } = await fileLogger(t);
  log.info('test', 'soon');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fileLines(path).length, 1);
});

test('options are checked and an unopenable file is a typed error', async (t) => {
  const dir = await tempDir(t);
  const good = loggerOptions({ filePath: join(dir, 'a.log'), level: 'info' });
  for (const [key, value] of [
    ['maxSizeMB', -1],
    ['maxBackups', 1.5],
    ['maxAgeDays', Number.NaN],
    ['level', 'verbose'],
  ] as const) {
    assert.throws(
      () => createLogger({ ...good, [key]: value }),
      (err: unknown) =>
        err instanceof LoggerError && err.code === 'LOG_INVALID_OPTION' && err.message.includes(key),
    );
  }
  // A regular file where a directory should be.
  const log = createLogger({ ...good, filePath: join(dir, 'plain.log') });
  await log.close();
  assert.throws(
    () => createLogger({ ...good, filePath: join(dir, 'plain.log', 'sub', 'sftpgo.log') }),
    (err: unknown) =>
      err instanceof LoggerError &&
      err.code === 'LOG_FILE_OPEN_FAILED' &&
      err.message.includes('plain.log') &&
      err.cause !== undefined,
  );
});

test('a missing log directory is created', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'logs', 'nested', 'sftpgo.log');
  const log = createLogger(loggerOptions({ filePath: path }));
  log.info('test', 'hello');
  await log.close();
  assert.equal(fileLines(path).length, 1);
});
