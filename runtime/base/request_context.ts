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
  /** The request id: the caller's `x-request-id`, or a generated UUID-shaped id. */
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The longest caller-supplied request id kept; longer ones are replaced. */
const MAX_REQUEST_ID_LENGTH = 128;

/** Printable ASCII without spaces: what a caller's request id may hold. */
const PRINTABLE_TOKEN = /^[\x21-\x7e]+$/;

/**
 * The first 24 characters of generated ids (`xxxxxxxx-xxxx-4xxx-yxxx-`):
 * random once per process, so ids of different processes differ too.
 */
const ID_PREFIX = crypto.randomUUID().slice(0, 24);
let idCounter = 0;

/**
 * A fresh request id, unique in this process: the per-process random prefix
 * and a 12-hex-digit counter, shaped like a UUID (36 characters) but with
 * no random source or crypto call per request.
 */
export function newRequestId(): string {
  idCounter = (idCounter + 1) % 0x1000000000000;
  return ID_PREFIX + idCounter.toString(16).padStart(12, "0");
}

/**
 * A request id for a request whose caller sent `supplied` (the value of its
 * `x-request-id` header or metadata, if any): the caller's id when it is a
 * short printable token, else a fresh one ({@link newRequestId}).
 */
export function requestIdFor(supplied: string | undefined | null): string {
  if (supplied && supplied.length <= MAX_REQUEST_ID_LENGTH && PRINTABLE_TOKEN.test(supplied)) {
    return supplied;
  }
  return newRequestId();
}

/** Runs `work` inside `context`; everything it starts, sync or async, sees that context. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the request being served, or undefined outside one. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
