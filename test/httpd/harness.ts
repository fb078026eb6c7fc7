// Shared by the REST API tests: the real service wiring (config → runtime → buildServers) on
// loopback with a memory data provider, a super admin, and a client that checks every response
// against the OpenAPI document the server itself serves.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { loadConfig } from '../../src/config/index.js';
import type { ManagedServer } from '../../src/common/managed-server.js';
import type { Runtime } from '../../src/service/runtime.js';
import { closeRuntime, openRuntime } from '../../src/service/runtime.js';
import { buildServers } from '../../src/service/build-servers.js';
import type { BuildServersOptions } from '../../src/service/build-servers.js';
import { fileLogger } from '../helpers/hooks.js';
import type { LogRecord } from '../helpers/hooks.js';
import { tempDir } from '../helpers/tmp.js';
import { freePort, writeHostKey } from '../sftpd/harness.js';

export const ADMIN = { username: 'root', password: 'root-password' } as const;

export interface ApiResult {
  readonly status: number;
  readonly headers: Headers;
  // Tests read fields of answers whose shape the OpenAPI check has already verified.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Raw body text (sent as JSON content). */
  readonly raw?: string;
  readonly token?: string;
  readonly apiKey?: string;
  readonly basic?: { readonly username: string; readonly password: string };
  /** Skip the OpenAPI check (responses outside the API, such as `/openapi` itself). */
  readonly unchecked?: boolean;
  /** More request headers (`X-Forwarded-For` to play another client behind a trusted proxy). */
  readonly headers?: Readonly<Record<string, string>>;
}

type OpenApiDoc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
  components: object;
};

/** Checks responses against the served OpenAPI document: the operation must list the status and the body must match. */
export class ResponseChecker {
  readonly #doc: OpenApiDoc;
  readonly #ajv: Ajv;
  readonly #cache = new Map<string, ValidateFunction>();
  /** `METHOD path-template status` of every checked response, for coverage assertions. */
  readonly seen = new Set<string>();

  constructor(doc: OpenApiDoc) {
    this.#doc = doc;
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    this.#ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    this.#ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  }

  /** The path template of the document that `path` (under /api/v2, or a root path) matches. */
  template(path: string): string | undefined {
    const bare = path.split('?')[0] ?? '';
    const relative = bare.startsWith('/api/v2') ? bare.slice('/api/v2'.length) : bare;
    return Object.keys(this.#doc.paths).find((tpl) => {
      const pattern = new RegExp(`^${tpl.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return pattern.test(relative);
    });
  }

  check(method: string, path: string, status: number, contentType: string, body: unknown): void {
    const tpl = this.template(path);
    assert.ok(tpl, `${method} ${path} is not in the OpenAPI document`);
    const op = this.#doc.paths[tpl]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${tpl} is not in the OpenAPI document`);
    const response = op.responses[String(status)];
    assert.ok(response, `${method} ${tpl} answered ${status}, which the document does not list`);
    const media = Object.keys(response.content ?? {});
    assert.ok(
      media.some((m) => contentType.startsWith(m.split(';')[0] ?? m)),
      `${method} ${tpl} ${status}: content type ${contentType} not in ${media.join(', ')}`,
    );
    this.seen.add(`${method} ${tpl} ${status}`);
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) return;
    const key = `${method} ${tpl} ${status}`;
    let validate = this.#cache.get(key);
    if (validate === undefined) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
      ) as object;
      validate = this.#ajv.compile(rewritten);
      this.#cache.set(key, validate);
    }
    assert.ok(
      validate(body),
      `${key}: body does not match the document: ${this.#ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}

export interface ApiHarness {
  readonly dir: string;
  readonly runtime: Runtime;
  readonly servers: readonly ManagedServer[];
  readonly baseUrl: string;
  readonly checker: ResponseChecker;
  /** The SFTP port when asked for. */
  readonly sftpPort: number;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResult>;
  /** A token of the super admin. */
  token(credentials?: { readonly username: string; readonly password: string }): Promise<string>;
  records(): Promise<LogRecord[]>;
}

export interface ServiceOptions {
  /** Extra `SFTPGO_*` settings. */
  readonly env?: Readonly<Record<string, string>>;
  /** Writes files the settings need into the config dir and returns more settings. */
  readonly prepare?: (dir: string) => Promise<Readonly<Record<string, string>>>;
  /** Start the SSH server too (end-to-end tests). */
  readonly sftp?: boolean;
  readonly build?: BuildServersOptions;
  /** Runs once the data provider is open, before the servers start. */
  readonly seed?: (runtime: Runtime) => Promise<void>;
}

export interface Service {
  readonly dir: string;
  readonly runtime: Runtime;
  readonly servers: readonly ManagedServer[];
  readonly httpPort: number;
  readonly sftpPort: number;
  records(): Promise<LogRecord[]>;
}

/** Starts the service's servers with httpd on 127.0.0.1 and a super admin; all is stopped when the test ends. */
export async function startService(t: TestContext, options: ServiceOptions = {}): Promise<Service> {
  const dir = await tempDir(t, 'sftpgo-httpd-');
  const { logger, records } = fileLogger(t, dir);
  const httpPort = await freePort();
  const sftpPort = options.sftp === true ? await freePort() : 0;
  const hostKeys = options.sftp === true ? { SFTPGO_SFTPD__HOST_KEYS: await writeHostKey(dir) } : {};
  const prepared = options.prepare ? await options.prepare(dir) : {};
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_HTTPD__BINDINGS__0__PORT: String(httpPort),
      SFTPGO_HTTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
      SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
      SFTPGO_DATA_PROVIDER__NAME: '',
      SFTPGO_DATA_PROVIDER__PASSWORD_HASHING__ALGO: 'bcrypt',
      SFTPGO_DATA_PROVIDER__PASSWORD_HASHING__BCRYPT_OPTIONS__COST: '4',
      SFTPGO_SFTPD__BINDINGS__0__PORT: String(sftpPort),
      SFTPGO_SFTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
      ...hostKeys,
      ...prepared,
      ...options.env,
    },
  });
  const runtime = await openRuntime(loaded, logger);
  t.after(() => closeRuntime(runtime));
  await runtime.provider.admins.add(
    { ...ADMIN, status: 1, permissions: ['*'], filters: { allow_api_key_auth: true } },
    { executor: 'test', ip: '127.0.0.1' },
  );
  await options.seed?.(runtime);
  const servers = buildServers(runtime, options.build);
  for (const server of servers) await server.start();
  t.after(async () => {
    for (const server of servers) await server.stop({ graceMs: 0 });
  });
  return { dir, runtime, servers, httpPort, sftpPort, records };
}

/** {@link startService} with a client that checks every answer against the served OpenAPI document. */
export async function startApi(t: TestContext, options: ServiceOptions = {}): Promise<ApiHarness> {
  const { dir, runtime, servers, httpPort, sftpPort, records } = await startService(t, options);
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const doc = (await (await fetch(`${baseUrl}/openapi`)).json()) as OpenApiDoc;
  const checker = new ResponseChecker(doc);
  const request = async (method: string, path: string, o: RequestOptions = {}): Promise<ApiResult> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
    if (o.apiKey !== undefined) headers['x-sftpgo-api-key'] = o.apiKey;
    if (o.basic !== undefined) {
      headers['authorization'] =
        `Basic ${Buffer.from(`${o.basic.username}:${o.basic.password}`).toString('base64')}`;
    }
    let body: string | undefined;
    if (o.raw !== undefined || o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = o.raw ?? JSON.stringify(o.body);
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const json: unknown = contentType.includes('json') && text !== '' ? JSON.parse(text) : undefined;
    if (o.unchecked !== true) checker.check(method, path, response.status, contentType, json);
    return { status: response.status, headers: response.headers, json, text };
  };
  const token = async (credentials: { username: string; password: string } = ADMIN): Promise<string> => {
    const res = await request('GET', '/api/v2/token', { basic: credentials });
    assert.equal(res.status, 200, res.text);
    return res.json.access_token as string;
  };
  return { dir, runtime, servers, baseUrl, checker, sftpPort, request, token, records };
}

/** Asserts an error answer: status, SFTPGo's shape, and (when given) a text the `error` must contain. */
export function assertError(res: ApiResult, status: number, contains?: string | RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(typeof res.json?.error, 'string', res.text);
  assert.equal(typeof res.json?.message, 'string', res.text);
  if (contains !== undefined) {
    const text = `${res.json.error as string} ${res.json.message as string}`;
    if (typeof contains === 'string')
      assert.ok(text.includes(contains), `${JSON.stringify(contains)} not in ${text}`);
    else assert.match(text, contains);
  }
}
