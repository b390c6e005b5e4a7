/**
 * Unary gRPC calls that keep the bytes raw both ways: the request is sent as
 * given and the response comes back exactly as the server serialised it (an
 * identity deserializer), for byte-for-byte golden comparisons.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";

/** Full method paths of the Modzy service (no package: `/ModzyModel/...`). */
export const MODZY_METHODS = {
  status: "/ModzyModel/Status",
  run: "/ModzyModel/Run",
  shutdown: "/ModzyModel/Shutdown",
} as const;

/** A channel that sends and receives undecoded messages. */
export class RawGrpcClient {
  readonly #client: grpc.Client;

  /** Opens (lazily) a plaintext channel to `target` (`host:port`). */
  constructor(target: string) {
    this.#client = new grpc.Client(target, grpc.credentials.createInsecure());
  }

  /**
   * Sends `request` bytes to the unary method `path` and resolves with the
   * response message bytes as received; rejects with the gRPC error.
   */
  call(path: string, request: Uint8Array, timeoutMs = 60_000): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      this.#client.makeUnaryRequest<Uint8Array, Buffer>(
        path,
        (bytes) => Buffer.from(bytes),
        (bytes) => bytes,
        request,
        new grpc.Metadata(),
        { deadline },
        (error, response) => {
          if (error) reject(error);
          else if (!response) reject(new Error(`${path} answered no message`));
          else resolve(new Uint8Array(response));
        },
      );
    });
  }

  /** Closes the channel. */
  close(): void {
    this.#client.close();
  }
}
