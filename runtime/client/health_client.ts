/**
 * A small client of the standard gRPC health service (`grpc.health.v1.Health`),
 * as Kubernetes probes and container HEALTHCHECKs use it. It loads no model
 * code and no onnxruntime.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import type { ClientConnection } from "./client_security.ts";

/** The serving status a health service answers. */
export type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";

const HealthClient = grpc.makeGenericClientConstructor(
  healthService as grpc.ServiceDefinition,
  "Health",
);

/**
 * Calls Health/Check on `target` (host:port) for `service` (`""`, the whole
 * server, by default) and answers its status. Rejects with the gRPC error
 * when the call fails (unreachable, unknown service, deadline of
 * `timeoutMs`, default 5 s).
 */
export function checkHealth(
  target: string,
  service = "",
  timeoutMs = 5_000,
  connection: ClientConnection = {
    credentials: grpc.credentials.createInsecure(),
    options: {},
  },
): Promise<ServingStatus> {
  const client = new HealthClient(target, connection.credentials, connection.options);
  const check = client.Check.bind(client) as (
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, answer?: { status: ServingStatus }) => void,
  ) => void;
  return new Promise<ServingStatus>((resolve, reject) => {
    check({ service }, { deadline: Date.now() + timeoutMs }, (error, answer) => {
      client.close();
      if (error) reject(error);
      else resolve(answer?.status ?? "UNKNOWN");
    });
  });
}
