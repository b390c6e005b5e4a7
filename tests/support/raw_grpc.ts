/**
 * Raw gRPC over node:http2, for tests and scripts that send what a normal
 * client never would: truncated and oversized frames, wrong flags, wrong
 * content types, unknown paths. Also encodes the Modzy RunRequest by hand
 * (protobuf wire format) so message bytes can be mutated freely.
 *
 * @module
 */
import http2 from "node:http2";
import { Buffer } from "node:buffer";

/** What came back on one stream. */
export interface RawAnswer {
  /** HTTP status of the response headers (0 when the stream broke first). */
  readonly httpStatus: number;
  /** `grpc-status` from the trailers (or trailers-only headers); -1 when absent. */
  readonly grpcStatus: number;
  /** `grpc-message`, percent-decoded. */
  readonly grpcMessage: string;
  /** The response body (length-prefixed messages). */
  readonly body: Uint8Array;
  /** Set when the stream failed instead of answering (reset, session error). */
  readonly streamError?: string;
}

/** One gRPC length-prefixed frame: flag byte, 4-byte big-endian length, payload. */
export function grpcFrame(payload: Uint8Array, compressed = false, declaredLength?: number) {
  const frame = new Uint8Array(5 + payload.length);
  frame[0] = compressed ? 1 : 0;
  new DataView(frame.buffer).setUint32(1, declaredLength ?? payload.length);
  frame.set(payload, 5);
  return frame;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  const head = [...varint((field << 3) | 2), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A Modzy `RunRequest` holding one item per entry of `items` (file name to
 * bytes), encoded in the protobuf wire format.
 */
export function encodeRunRequest(items: readonly Record<string, Uint8Array>[]): Uint8Array {
  const encoder = new TextEncoder();
  return concat(items.map((files) => {
    const entries = Object.entries(files).map(([name, bytes]) =>
      lengthDelimited(
        1,
        concat([lengthDelimited(1, encoder.encode(name)), lengthDelimited(2, bytes)]),
      )
    );
    return lengthDelimited(1, concat(entries));
  }));
}

/** A connection for raw calls; close it when done. */
export class RawGrpcConnection {
  readonly #session: http2.ClientHttp2Session;
  #sessionError: string | undefined;

  /** Connects to `authority`, e.g. `http://127.0.0.1:45000`. */
  constructor(authority: string) {
    this.#session = http2.connect(authority);
    this.#session.on("error", (error) => this.#sessionError = error.message);
  }

  /** Whether the session was closed or failed. */
  get closed(): boolean {
    return this.#session.closed || this.#session.destroyed;
  }

  /**
   * Sends `body` (already framed, or any bytes at all) on a new stream to
   * `path` with `headers` added, and collects the answer (giving up after
   * `timeoutMs` with a stream error).
   */
  call(
    path: string,
    body: Uint8Array,
    headers: Record<string, string> = {},
    timeoutMs = 15_000,
  ): Promise<RawAnswer> {
    return new Promise((resolve) => {
      let httpStatus = 0;
      let grpcStatus = -1;
      let grpcMessage = "";
      const chunks: Uint8Array[] = [];
      let done = false;
      const finish = (streamError?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ httpStatus, grpcStatus, grpcMessage, body: concat(chunks), streamError });
      };
      const readStatus = (h: http2.IncomingHttpHeaders) => {
        if (h["grpc-status"] !== undefined) grpcStatus = Number(h["grpc-status"]);
        if (typeof h["grpc-message"] === "string") {
          grpcMessage = decodeURIComponent(h["grpc-message"]);
        }
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.#session.request({
          ":method": "POST",
          ":path": path,
          "content-type": "application/grpc",
          te: "trailers",
          ...headers,
        });
      } catch (error) {
        finish((error as Error).message);
        return;
      }
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        finish("timed out");
      }, timeoutMs);
      stream.on("response", (h) => {
        httpStatus = Number(h[":status"]);
        readStatus(h);
      });
      stream.on("trailers", readStatus);
      stream.on("data", (chunk: Buffer) => chunks.push(new Uint8Array(chunk)));
      stream.on("end", () => finish());
      stream.on(
        "close",
        () => finish(grpcStatus === -1 ? `closed (${stream.rstCode})` : undefined),
      );
      stream.on("error", (error) => finish(error.message));
      stream.end(Buffer.from(body));
    });
  }

  /** Closes the session. */
  close(): void {
    this.#session.close();
  }

  /** Destroys the session at once (no GOAWAY). */
  destroy(): void {
    this.#session.destroy();
  }
}

/** Decodes the first message of a gRPC body as RunResponse item outputs: file name to text. */
export function runResponseErrors(body: Uint8Array): string {
  // Enough for assertions: the readable text of the body.
  return new TextDecoder("utf-8", { fatal: false }).decode(body.subarray(5));
}
