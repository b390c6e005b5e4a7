/**
 * The HTTP door's request-size limit: the same `--max-message-size` the gRPC
 * door applies to a message, applied to a request body, so a client cannot
 * make the server hold an unbounded body in memory whatever the route (JSON,
 * the binary tensor extension, a Caikit upload). A declared
 * `Content-Length` over the limit is refused before a byte is read; a
 * chunked body is read up to the limit and refused as soon as it passes it.
 *
 * @module
 */
import { RuntimeError } from "../base/errors.ts";

/** HTTP 413 Content Too Large: the status of a refused body. */
export const CONTENT_TOO_LARGE = 413;

/** A body over the limit: a `resource_exhausted` error that answers 413. */
export class BodyTooLarge extends RuntimeError {
  /** `bytes`: what the body holds (or at least holds); `limit`: the most allowed. */
  constructor(bytes: number, limit: number, atLeast: boolean) {
    super(
      "resource_exhausted",
      `the request body is ${atLeast ? "over " : ""}${bytes} bytes, larger than the ` +
        `server's limit of ${limit} bytes (--max-message-size)`,
    );
  }
}

/**
 * `request` with a body of at most `maxBytes`: as it is when it declares its
 * length (Deno holds a body to its `Content-Length`), or with its chunked
 * body read into memory up to the limit. Throws {@link BodyTooLarge} past it.
 */
export async function limitBody(request: Request, maxBytes: number): Promise<Request> {
  if (request.body === null) return request;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared)) {
    const bytes = Number(declared);
    if (bytes > maxBytes) throw new BodyTooLarge(bytes, maxBytes, false);
    return request;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new BodyTooLarge(maxBytes, maxBytes, true);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
}
