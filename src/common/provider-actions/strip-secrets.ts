import type { ProviderObjectType, SecretStatus } from '../../dataprovider/index.js';
import { SECRET_STATUSES } from '../../dataprovider/index.js';

/** What a share's password is shown as when one is set, as in SFTPGo's REST API. */
export const redactedSharePassword = '[**redacted**]';

/** Secret statuses whose payload is ciphertext: it may be shown, as the REST API does. */
const encryptedStatuses: ReadonlySet<string> = new Set(
  SECRET_STATUSES.filter((status: SecretStatus) => status !== 'Plain' && status !== 'Redacted'),
);

const secretKeys: ReadonlySet<string> = new Set(['status', 'payload', 'key', 'additional_data', 'mode']);

export interface StrippedObject {
  /** A copy of the object without secrets; the input is never changed. */
  readonly object: Record<string, unknown>;
  /** Dotted paths of the fields removed or replaced (never their values), empty when nothing was found. */
  readonly removed: readonly string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An encrypted-secret object (`{status, payload, key, additional_data, mode}`) carrying some material. */
function isSecretShaped(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return (
    keys.every((k) => secretKeys.has(k)) &&
    ('payload' in value || 'key' in value || 'additional_data' in value)
  );
}

function joinPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

class Stripper {
  readonly removed: string[] = [];
  readonly #objectType: ProviderObjectType;
  readonly #ancestors = new Set<object>();

  constructor(objectType: ProviderObjectType) {
    this.#objectType = objectType;
  }

  value(value: unknown, path: string): unknown {
    if (Array.isArray(value))
      return this.#guard(value, () => value.map((v, i) => this.value(v, joinPath(path, i))));
    if (isPlainObject(value)) return this.#guard(value, () => this.object(value, path));
    return value;
  }

  object(source: Record<string, unknown>, path: string): Record<string, unknown> {
    if (isSecretShaped(source)) return this.#secret(source, path);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      const itemPath = joinPath(path, key);
      if (key === 'password' && typeof item === 'string') {
        this.#password(out, item, itemPath, path === '');
      } else if (key === 'key' && path === '' && this.#objectType === 'api_key' && item !== '') {
        // An API key's stored hash: the REST API never shows it.
        this.removed.push(itemPath);
      } else {
        out[key] = this.value(item, itemPath);
      }
    }
    return out;
  }

  #password(out: Record<string, unknown>, password: string, path: string, topLevel: boolean): void {
    if (password === '' || password === redactedSharePassword) {
      out.password = password;
      return;
    }
    this.removed.push(path);
    // A share shows that it has a password; users and admins show nothing at all.
    if (topLevel && this.#objectType === 'share') out.password = redactedSharePassword;
  }

  #secret(source: Record<string, unknown>, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const encrypted = typeof source.status === 'string' && encryptedStatuses.has(source.status);
    for (const [key, item] of Object.entries(source)) {
      const keepPayload = key === 'payload' && (encrypted || item === '');
      const material = key === 'key' || key === 'additional_data' || key === 'payload';
      if (material && !keepPayload && item !== '' && item !== undefined) {
        this.removed.push(joinPath(path, key));
      } else {
        out[key] = item;
      }
    }
    return out;
  }

  #guard<T>(container: object, copy: () => T): T {
    if (this.#ancestors.has(container)) throw new TypeError('the object refers to itself');
    this.#ancestors.add(container);
    try {
      return copy();
    } finally {
      this.#ancestors.delete(container);
    }
  }
}

/**
 * A second line of defence before an object leaves the server: the data provider already hides
 * secrets, and this removes anything that still looks like one. Non-empty `password` strings go
 * (a share's top-level one becomes `[**redacted**]`, as the REST API shows it); a secret object keeps
 * its status, mode and ciphertext but loses its `key` and `additional_data`, and its `payload` too
 * unless the status says the payload is encrypted; an API key loses its stored `key` hash.
 * @throws TypeError when the object contains itself (it could not be sent as JSON either).
 */
export function stripSecrets(
  objectType: ProviderObjectType,
  object: Record<string, unknown>,
): StrippedObject {
  const stripper = new Stripper(objectType);
  const copy = stripper.value(object, '') as Record<string, unknown>;
  return { object: copy, removed: stripper.removed };
}
