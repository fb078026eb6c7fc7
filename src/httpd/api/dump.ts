/** `/dumpdata` and `/loaddata`: backups in SFTPGo's dump format, super admins only. */
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { RestoreMode, ScanQuotaMode } from '../../dataprovider/index.js';
import { MAX_DUMP_FILE_BYTES, backupToJSON, readDumpFile } from '../../dataprovider/index.js';
import { str } from '../schemas/json-schema.js';
import { ApiResponse, BackupData } from '../schemas/models.js';
import { actionContext } from './action-context.js';
import type { ApiDeps } from './deps.js';
import { badRequest } from './errors.js';
import type { ApiRoute } from './route.js';
import { message, queryOf } from './route.js';
import { disconnectUser } from './users.js';

const DUMP_SCOPES = [
  'users',
  'folders',
  'groups',
  'admins',
  'api_keys',
  'shares',
  'actions',
  'rules',
  'roles',
  'ip_lists',
  'configs',
];
/** Dump sections of each `scopes` value (event actions and rules have short scope names). */
const SCOPE_SECTIONS: Readonly<Record<string, string>> = { actions: 'event_actions', rules: 'event_rules' };

const RESTORE_QUERY = {
  'scan-quota': { type: 'integer', enum: [0, 1, 2], default: 0 },
  mode: { type: 'integer', enum: [0, 1, 2], default: 0 },
} as const;

/** A file under the backups directory; anything resolving outside it is refused. */
function backupFile(backupsPath: string, name: string, field: string): string {
  const path = resolve(backupsPath, name);
  const rel = relative(backupsPath, path);
  if (name === '' || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw badRequest(`${field}: invalid or missing ${field}, it must be a file inside the backups path`);
  }
  return path;
}

export function dumpRoutes(deps: ApiDeps): ApiRoute[] {
  const common = { tag: 'maintenance', auth: 'admin' as const, permission: '*' as const };
  const ok = (text: string) => ({
    description: 'successful operation',
    schema: ApiResponse,
    example: { message: text },
  });

  const restore = async (data: unknown, request: Parameters<ApiRoute['handler']>[0]) => {
    const q = queryOf<{ 'scan-quota': ScanQuotaMode; mode: RestoreMode }>(request);
    const report = await deps.provider.restore(data, {
      mode: q.mode,
      scanQuota: q['scan-quota'],
      ctx: actionContext(request),
    });
    for (const username of report.usersToDisconnect) disconnectUser(deps, username);
    for (const username of report.quotaScans.users) deps.scans.startUser(username);
    for (const folder of report.quotaScans.folders) deps.scans.startFolder(folder);
    return message('Data restored');
  };

  return [
    {
      ...common,
      method: 'GET',
      path: '/dumpdata',
      operationId: 'dumpdata',
      summary: 'Dump data',
      query: {
        'output-file': str('file name, relative to the configured backups_path, to write the dump to'),
        'output-data': {
          type: 'integer',
          enum: [0, 1],
          default: 0,
          description: '1 returns the dump as the response body',
        },
        indent: { type: 'integer', enum: [0, 1], default: 0 },
        scopes: str(`comma separated subset of: ${DUMP_SCOPES.join(', ')}`),
      },
      responses: {
        200: { description: 'successful operation', schema: { anyOf: [ApiResponse, BackupData] } },
      },
      errors: [400],
      handler: async (request, reply) => {
        const q = queryOf<{ 'output-file'?: string; 'output-data': number; indent: number; scopes?: string }>(
          request,
        );
        const scopes = (q.scopes ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        const unknown = scopes.find((s) => !DUMP_SCOPES.includes(s));
        if (unknown !== undefined) throw badRequest(`scopes: unknown scope ${JSON.stringify(unknown)}`);
        const outputFile =
          q['output-data'] === 1
            ? undefined
            : backupFile(deps.backupsPath, q['output-file'] ?? '', 'output-file');
        const dump = backupToJSON(await deps.provider.dump());
        if (scopes.length > 0) {
          const keep = new Set(scopes.map((s) => SCOPE_SECTIONS[s] ?? s));
          for (const key of Object.keys(dump)) if (key !== 'version' && !keep.has(key)) delete dump[key];
        }
        const text = JSON.stringify(dump, null, q.indent === 1 ? 2 : undefined);
        if (outputFile === undefined) return reply.type('application/json; charset=utf-8').send(text);
        await mkdir(deps.backupsPath, { recursive: true, mode: 0o700 });
        await writeFile(outputFile, text, { mode: 0o600 });
        deps.logger.info('httpd', 'data dumped', {
          file: outputFile,
          executor: request.principal?.username ?? '',
        });
        return message('Data saved');
      },
    },
    {
      ...common,
      method: 'GET',
      path: '/loaddata',
      operationId: 'loaddata_from_file',
      summary: 'Load data from path',
      query: {
        'input-file': {
          type: 'string',
          minLength: 1,
          description: 'absolute path, or relative to the backups_path',
        },
        ...RESTORE_QUERY,
      },
      responses: { 200: ok('Data restored') },
      errors: [400],
      handler: async (request) => {
        const name = queryOf<{ 'input-file'?: string }>(request)['input-file'] ?? '';
        if (name === '') throw badRequest('input-file: the input file is required');
        // As in SFTPGo, a super admin may name any file: absolute, or relative to the backups path.
        const data = await readDumpFile(resolve(deps.backupsPath, name));
        return restore(data, request);
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/loaddata',
      operationId: 'loaddata_from_request_body',
      summary: 'Load data',
      query: RESTORE_QUERY,
      body: BackupData,
      bodyLimit: MAX_DUMP_FILE_BYTES,
      responses: { 200: ok('Data restored') },
      errors: [400],
      handler: async (request) => restore(request.body, request),
    },
  ];
}
