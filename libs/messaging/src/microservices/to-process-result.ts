import type { ProcessResult } from '../model/message';

/**
 * An event handler's resolved value → Tenaz's outcome. Nest ignores what event handlers return,
 * so returning `{ retryInMs }` or `{ deadLetter }` (the library's own outcomes) is how a handler
 * asks for them; anything else acknowledges.
 */
export function toProcessResult(value: unknown): ProcessResult {
  if (typeof value === 'object' && value !== null) {
    const outcome = value as { retryInMs?: unknown; deadLetter?: unknown };
    if (typeof outcome.deadLetter === 'string') {
      return { deadLetter: outcome.deadLetter };
    }
    if (typeof outcome.retryInMs === 'number') {
      return { retryInMs: outcome.retryInMs };
    }
  }
  return undefined;
}

/**
 * What Nest's RPC exception filter rethrows (a plain `{ status, message }`, or an `RpcException`'s
 * error object) → an `Error` whose message becomes the attempt's recorded error.
 */
export function toHandlerError(reason: unknown): Error {
  if (reason instanceof Error) {
    return reason;
  }
  if (typeof reason === 'object' && reason !== null && typeof (reason as { message?: unknown }).message === 'string') {
    return new Error((reason as { message: string }).message);
  }
  return new Error(typeof reason === 'string' ? reason : JSON.stringify(reason));
}
