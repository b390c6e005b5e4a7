/**
 * The standard gRPC health service (`grpc.health.v1.Health`, from the
 * grpc-health-check package) fed by the data plane's readiness. Statuses:
 *
 * - `""` (the whole server): SERVING when every service is mounted, every
 *   model is ready and the server is not draining ({@link DataPlane.ready}).
 * - `ModzyModel`: SERVING when the default model is ready and not draining.
 * - `inference.GRPCInferenceService`: as the whole server.
 * - every other mounted service: SERVING unless draining.
 *
 * Statuses are recomputed on every registry change (loads, unloads, drain)
 * and before every Check and List.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import { HealthImplementation, service as healthDefinition } from "grpc-health-check";
import type { DataPlane } from "../core/data_plane.ts";

/** The health service's full name. */
export const HEALTH_SERVICE = "grpc.health.v1.Health";

/** The health service's definition (for reflection). */
export const HEALTH_DEFINITION = healthDefinition as grpc.ServiceDefinition;

/** A mounted health service; `close` stops following the registry. */
export interface HealthService {
  /** Recomputes every status now. */
  refresh(): void;
  /** Stops listening to registry changes. */
  close(): void;
}

type ServingStatus = "SERVING" | "NOT_SERVING";

/** Whether a service is serving, by full service name; others fall back to "not draining". */
const SERVICE_READINESS: Readonly<Record<string, (dataPlane: DataPlane) => boolean>> = {
  "": (dataPlane) => dataPlane.ready(),
  ModzyModel: (dataPlane) => {
    if (dataPlane.draining) return false;
    const name = dataPlane.registry.defaultName;
    return name !== null && dataPlane.registry.has(name) && dataPlane.registry.get(name).host.ready;
  },
  "inference.GRPCInferenceService": (dataPlane) => dataPlane.ready(),
};

/**
 * Adds the health service to `server`, reporting the whole server and each
 * name in `services()` (the full names of the services mounted). While
 * `allMounted()` is false (the server is still mounting services) the whole
 * server reports NOT_SERVING; default: always mounted.
 */
export function addHealthService(
  server: Pick<grpc.Server, "addService">,
  dataPlane: DataPlane,
  services: () => readonly string[],
  allMounted: () => boolean = () => true,
): HealthService {
  const health = new HealthImplementation();
  const refresh = () => {
    for (const name of ["", ...services()]) {
      const ready = SERVICE_READINESS[name] ?? ((plane: DataPlane) => !plane.draining);
      const serving = ready(dataPlane) && (name !== "" || allMounted());
      const status: ServingStatus = serving ? "SERVING" : "NOT_SERVING";
      health.setStatus(name, status);
    }
  };
  refresh();
  // Check and List recompute first: a lazy model's first load is not a registry change.
  health.addToServer({
    addService(
      definition: grpc.ServiceDefinition,
      implementation: grpc.UntypedServiceImplementation,
    ) {
      const fresh = (handler: grpc.UntypedHandleCall) =>
        ((...args: unknown[]) => {
          refresh();
          return (handler as (...args: unknown[]) => unknown)(...args);
        }) as unknown as grpc.UntypedHandleCall;
      server.addService(definition, {
        ...implementation,
        check: fresh(implementation.check),
        list: fresh(implementation.list),
      });
    },
  } as unknown as grpc.Server);
  const unsubscribe = dataPlane.registry.onChange(refresh);
  return { refresh, close: () => void unsubscribe() };
}
