/**
 * gRPC credentials from {@link TlsMaterial}: plain text without it, TLS with
 * a certificate and key, mutual TLS (client certificates required and
 * checked against the CA) when the server also has a CA.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { isIP } from "node:net";
import { checkServerIdentity } from "node:tls";
import * as grpc from "@grpc/grpc-js";
import type { TlsMaterial } from "../base/tls.ts";

/** Server credentials: insecure without material, TLS, or mTLS when a CA is given. */
export function grpcServerCredentials(material: TlsMaterial | null): grpc.ServerCredentials {
  if (material === null || material.cert === null || material.key === null) {
    return grpc.ServerCredentials.createInsecure();
  }
  const cert = Buffer.from(material.cert);
  // Without a CA, grpc-js leaves `ca` unset, and under Deno 2.8.3 such a server's
  // TLS handshake breaks ("excessive message size" at the client). Naming the
  // server's own chain as the CA, with client certificates not requested, works.
  const ca = material.ca ? Buffer.from(material.ca) : cert;
  return grpc.ServerCredentials.createSsl(
    ca,
    [{ cert_chain: cert, private_key: Buffer.from(material.key) }],
    material.ca !== null,
  );
}

/**
 * Channel credentials: insecure without material; else TLS trusting
 * `material.ca` (the system roots when absent), presenting the client
 * certificate and key when given. With `identity`, the server certificate
 * is checked against that host name or IP address instead of the name the
 * channel sends as SNI (see {@link ipTargetOptions}).
 */
export function grpcChannelCredentials(
  material: TlsMaterial | null,
  identity?: string,
): grpc.ChannelCredentials {
  if (material === null) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(
    material.ca ? Buffer.from(material.ca) : null,
    material.key ? Buffer.from(material.key) : null,
    material.cert ? Buffer.from(material.cert) : null,
    identity === undefined
      ? {}
      : { checkServerIdentity: (_sni, certificate) => checkServerIdentity(identity, certificate) },
  );
}

/** The name sent as SNI when the target is an IP address (never matched against certificates). */
const IP_TARGET_SNI = "ip-address.invalid";

/**
 * Channel options and the identity to check for a TLS channel to `target`
 * (`host:port`). Deno's node:tls refuses an IP address as the TLS server
 * name, which grpc-js uses by default; for an IP target the channel sends a
 * placeholder name instead and the certificate is checked against the IP
 * (its subjectAltName IP entries) by {@link grpcChannelCredentials}.
 */
export function ipTargetOptions(
  target: string,
): { identity?: string; options: grpc.ChannelOptions } {
  const host = target.startsWith("[") ? target.slice(1, target.indexOf("]")) : target.split(":")[0];
  if (isIP(host) === 0) return { options: {} };
  return { identity: host, options: { "grpc.ssl_target_name_override": IP_TARGET_SNI } };
}
