/**
 * How a client reaches a hardened server: TLS (trusting `--tls-ca`, showing
 * `--tls-cert`/`--tls-key` for mutual TLS) and a bearer token sent as
 * `authorization` metadata on every call (`--token`).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { grpcChannelCredentials, ipTargetOptions } from "../server/grpc_tls.ts";
import { readTlsMaterial } from "../base/tls.ts";

/** The client's security flags, as given. */
export interface ClientSecurityOptions {
  /** CA certificates (PEM) to trust; with any TLS flag the channel uses TLS. */
  readonly tlsCa?: string;
  /** Client certificate (PEM) for mutual TLS. */
  readonly tlsCert?: string;
  /** Client key (PEM) for mutual TLS. */
  readonly tlsKey?: string;
  /** Bearer token to present on every call. */
  readonly token?: string;
}

/** Channel credentials and client options to construct a grpc-js client with. */
export interface ClientConnection {
  /** Plain text, TLS or mutual TLS. */
  readonly credentials: grpc.ChannelCredentials;
  /** Client options (the token interceptor, when a token is given). */
  readonly options: grpc.ClientOptions;
}

/**
 * The connection to `target` (`host:port`) for `security`: reads the PEM
 * files (throws a `bad_request` RuntimeError naming the flag when one cannot
 * be read). With TLS to an IP address, the server certificate must name that
 * IP in its subjectAltName.
 */
export function clientConnection(
  security: ClientSecurityOptions = {},
  target = "",
): ClientConnection {
  const material = readTlsMaterial(
    { ca: security.tlsCa, cert: security.tlsCert, key: security.tlsKey },
    false,
  );
  const token = security.token;
  const interceptors: grpc.Interceptor[] = token ? [bearerInterceptor(token)] : [];
  if (material === null) {
    return { credentials: grpcChannelCredentials(null), options: { interceptors } };
  }
  const { identity, options } = ipTargetOptions(target);
  return {
    credentials: grpcChannelCredentials(material, identity),
    options: { ...options, interceptors },
  };
}

/** A client interceptor adding `authorization: Bearer <token>` to every call. */
export function bearerInterceptor(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set("authorization", `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}
