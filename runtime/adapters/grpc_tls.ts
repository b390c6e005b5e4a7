/**
 * gRPC credentials from {@link TlsMaterial}: plain text without it, TLS with
 * a certificate and key, mutual TLS (client certificates required and
 * checked against the CA) when the server also has a CA.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import * as grpc from "@grpc/grpc-js";
import type { TlsMaterial } from "../tls.ts";

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
 * certificate and key when given.
 */
export function grpcChannelCredentials(material: TlsMaterial | null): grpc.ChannelCredentials {
  if (material === null) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(
    material.ca ? Buffer.from(material.ca) : null,
    material.key ? Buffer.from(material.key) : null,
    material.cert ? Buffer.from(material.cert) : null,
  );
}
