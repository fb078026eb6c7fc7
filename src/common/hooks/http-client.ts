import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The `http` configuration section: how the server calls HTTP hooks. */
export interface HttpClientConfig {
  /** Seconds for one whole request. */
  readonly timeout: number;
  readonly retry_wait_min: number;
  readonly retry_wait_max: number;
  readonly retry_max: number;
  readonly ca_certificates: readonly string[];
  readonly certificates: readonly { readonly cert: string; readonly key: string }[];
  readonly skip_tls_verify: boolean;
  readonly headers: readonly { readonly key: string; readonly value: string; readonly url: string }[];
}

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Retry on connection errors and 5xx answers, waiting between `retry_wait_min` and `retry_wait_max`. */
  readonly retry: boolean;
  readonly signal?: AbortSignal;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** An HTTP hook call that failed to get an answer. */
export class HttpClientError extends Error {
  readonly code = 'ERR_HTTP_CLIENT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpClientError';
  }
}

/** Answers larger than this are cut off: hooks answer with small JSON documents. */
const maxAnswerBytes = 1024 * 1024;

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/**
 * The client hooks use to call HTTP URLs, built once from the `http` section: TLS settings, extra headers
 * per URL prefix, a time limit per request and retries with exponential back-off.
 */
export class HttpClient {
  readonly #config: HttpClientConfig;
  readonly #tls: { ca?: Buffer[]; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean };

  /** @throws Error when a configured certificate file cannot be read. */
  constructor(config: HttpClientConfig) {
    this.#config = config;
    const ca = config.ca_certificates.map((file) => readFileSync(file));
    const client = config.certificates[0];
    this.#tls = {
      ...(ca.length > 0 ? { ca } : {}),
      ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}),
      rejectUnauthorized: !config.skip_tls_verify,
    };
  }

  /**
   * Sends one call, retrying it when asked to.
   * @throws HttpClientError when no answer arrives, or, for a retried call, when every attempt failed or
   *   answered with a retryable status (429, 5xx but 501). A call without retry returns any status.
   */
  async call(call: HttpCall): Promise<HttpAnswer> {
    const attempts = call.retry ? this.#config.retry_max + 1 : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(this.#backoffMs(attempt), undefined, { signal: call.signal });
      try {
        const answer = await this.#once(call);
        if (!call.retry || !isRetryableStatus(answer.status)) return answer;
        lastError = new HttpClientError(
          `${call.method} ${redactUrl(call.url)} answered ${answer.status}, giving up after ${attempt + 1} attempts`,
        );
      } catch (err) {
        if (call.signal?.aborted) throw err;
        lastError = err;
      }
    }
    if (lastError instanceof HttpClientError) throw lastError;
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new HttpClientError(`${call.method} ${redactUrl(call.url)} failed: ${reason}`, {
      cause: lastError,
    });
  }

  #backoffMs(attempt: number): number {
    const min = this.#config.retry_wait_min * 1000;
    const max = this.#config.retry_wait_max * 1000;
    return Math.min(max, min * 2 ** (attempt - 1));
  }

  #headersFor(url: string, extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const h of this.#config.headers) {
      if (h.url === '' || url.startsWith(h.url)) headers[h.key] = h.value;
    }
    return { ...headers, ...extra };
  }

  #once(call: HttpCall): Promise<HttpAnswer> {
    const url = new URL(call.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = this.#headersFor(call.url, call.headers);
    if (call.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(call.body));
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: call.method,
          headers,
          timeout: this.#config.timeout * 1000,
          signal: call.signal,
          ...(url.protocol === 'https:' ? this.#tls : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= maxAnswerBytes) chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#config.timeout} s`)));
      req.on('error', reject);
      req.end(call.body);
    });
  }
}

/** A URL with any password removed, for logs and error messages. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid URL>';
  }
}
