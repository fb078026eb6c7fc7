/**
 * Connecting to a server, with one fallback attempt for the "TLS if the server offers it" modes.
 */
import { StoreError } from '../errors.js';

/** A second way to connect, tried when the first fails in a known way. */
export interface Fallback<P> {
  /** Whether the first attempt's error calls for the fallback. */
  readonly applies: (err: unknown) => boolean;
  readonly connect: () => Promise<P>;
}

/**
 * Connects, trying the fallback when it applies.
 * @throws {@link StoreError} naming the database (never the password) when both fail.
 */
export async function connectWithFallback<P>(
  description: string,
  connect: () => Promise<P>,
  fallback?: Fallback<P>,
): Promise<P> {
  try {
    try {
      return await connect();
    } catch (err) {
      if (!fallback?.applies(err)) throw err;
      return await fallback.connect();
    }
  } catch (err) {
    const reason = err instanceof Error ? `: ${err.message}` : '';
    throw new StoreError(`cannot connect to the ${description}${reason}`, { cause: err });
  }
}
