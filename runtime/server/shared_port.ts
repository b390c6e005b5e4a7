/**
 * Binds the gRPC port so that several processes can listen on it at once
 * (`SO_REUSEPORT`; the kernel spreads new connections over them): a
 * `node:net` listener with `reusePort` whose accepted sockets grpc-js takes
 * through a connection injector. The serving workers of `--workers N` bind
 * this way; a single process binds with grpc-js's own `bindAsync`.
 *
 * @module
 */
import * as net from "node:net";
import type * as grpc from "@grpc/grpc-js";

/** A gRPC port shared with other processes. */
export interface SharedGrpcPort {
  /** The port bound. */
  readonly port: number;
  /** Stops accepting connections (the connections already taken stay with grpc-js). */
  close(): Promise<void>;
}

/**
 * Listens on `hostname:port` with `reusePort` and hands each connection to
 * `server` (plain text or TLS, as `credentials` say).
 */
export function bindSharedGrpcPort(
  server: grpc.Server,
  credentials: grpc.ServerCredentials,
  hostname: string,
  port: number,
): Promise<SharedGrpcPort> {
  const injector = server.createConnectionInjector(credentials);
  const listener = net.createServer({ noDelay: true }, (socket) => {
    injector.injectConnection(socket);
  });
  return new Promise((resolve, reject) => {
    listener.once("error", (error) => {
      reject(new Error(`cannot listen on ${hostname}:${port}: ${error.message}`));
    });
    listener.listen({ host: hostname, port, reusePort: true }, () => {
      const bound = (listener.address() as net.AddressInfo).port;
      let closing: Promise<void> | null = null;
      resolve({
        port: bound,
        close: () => closing ??= new Promise((done) => listener.close(() => done())),
      });
    });
  });
}
