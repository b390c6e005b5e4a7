/**
 * The request a line of work belongs to. Each gRPC call and HTTP request runs
 * inside a context holding its request id (taken from the caller's
 * `x-request-id`, or generated), so every log line written while serving it
 * carries that id without passing it by hand.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** What is known about the request being served. */
export interface RequestContext {
  /** The request id: the caller's `x-request-id`, or a generated UUID. */
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The longest caller-supplied request id kept; longer ones are replaced. */
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * A request id for a request whose caller sent `supplied` (the value of its
 * `x-request-id` header or metadata, if any): the caller's id when it is a
 * short printable token, else a fresh UUID.
 */
export function requestIdFor(supplied: string | undefined | null): string {
  if (
    supplied && supplied.length <= MAX_REQUEST_ID_LENGTH && /^[\x21-\x7e]+$/.test(supplied)
  ) {
    return supplied;
  }
  return crypto.randomUUID();
}

/** Runs `work` inside `context`; everything it starts, sync or async, sees that context. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the request being served, or undefined outside one. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
