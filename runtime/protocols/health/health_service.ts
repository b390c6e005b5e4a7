/**
 * The standard gRPC health service (`grpc.health.v1.Health`: Check, Watch,
 * List, as the grpc-health-check package serves it, on that package's
 * health.proto compiled into protos/compiled/) fed by the data plane's
 * readiness. Statuses:
 *
 * - `""` (the whole server): SERVING when every service is mounted, every
 *   model is ready and the server is not draining ({@link DataPlane.ready}).
 * - a service whose declaration (protocols/<name>/descriptor.ts) says how
 *   it is serving: by that (`ModzyModel`: the default model is ready;
 *   `inference.GRPCInferenceService`: as the whole server), never while draining.
 * - every other mounted service: SERVING unless draining.
 *
 * Statuses are recomputed on every registry change (loads, unloads, drain)
 * and before every Check and List.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { DataPlane } from "../../core/data_plane.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";
import type { GrpcServiceDeclaration, MountProgress } from "../protocol.ts";

/** The health service's full name. */
export const HEALTH_SERVICE = "grpc.health.v1.Health";

/** gRPC status codes the health service answers with. */
const NOT_FOUND = 5;
const RESOURCE_EXHAUSTED = 8;

/** List answers RESOURCE_EXHAUSTED beyond this many services (as grpc-health-check does). */
const LIST_LIMIT = 100;

/** A mounted health service; `close` stops following the registry. */
export interface HealthService {
  /** Recomputes every status now. */
  refresh(): void;
  /** Stops listening to registry changes. */
  close(): void;
}

type ServingStatus = "SERVING" | "NOT_SERVING";

interface HealthRequest {
  service: string;
}

/**
 * Adds the health service to `server`, reporting the whole server and each
 * name in `services()` (the full names of the services mounted), by the
 * readiness `declarations` give. While
 * `progress` says services are still being mounted, the whole server is
 * NOT_SERVING, and a Check of the whole server or of a service not yet
 * mounted (or a List) first asks for them and waits until they are mounted, so a one-shot probe right after
 * start gets the answer of a started server. Without `progress`:
 * everything is mounted.
 */
export function addHealthService(
  server: Pick<grpc.Server, "addService">,
  dataPlane: DataPlane,
  services: () => readonly string[],
  declarations: readonly GrpcServiceDeclaration[],
  progress?: MountProgress,
): HealthService {
  const readiness = new Map<string, (dataPlane: DataPlane) => boolean>([
    ["", (plane) => plane.ready()],
  ]);
  for (const declaration of declarations) {
    if (declaration.serving) readiness.set(declaration.name, declaration.serving);
  }
  const allMounted = () => progress?.allMounted() ?? true;
  const statuses = new Map<string, ServingStatus>();
  const watchers = new Map<string, Set<(status: ServingStatus) => void>>();
  // Every refresh tells the watchers of each service its status, changed or not.
  const setStatus = (name: string, status: ServingStatus) => {
    statuses.set(name, status);
    for (const watcher of watchers.get(name) ?? []) watcher(status);
  };
  const refresh = () => {
    for (const name of ["", ...services()]) {
      const ready = readiness.get(name) ?? ((plane: DataPlane) => !plane.draining);
      const serving = ready(dataPlane) && (name !== "" || allMounted());
      setStatus(name, serving ? "SERVING" : "NOT_SERVING");
    }
  };
  refresh();
  // Check and List recompute first: a lazy model's first load is not a registry change.
  const check: grpc.handleUnaryCall<HealthRequest, unknown> = async (call, callback) => {
    const name = call.request.service;
    // The whole server, or a service not mounted yet (reflection): wait until all are.
    if (!allMounted() && (name === "" || !statuses.has(name))) await progress?.untilAllMounted();
    refresh();
    const status = statuses.get(name);
    if (status) callback(null, { status });
    else callback({ code: NOT_FOUND, details: `Health status unknown for service ${name}` });
  };
  const watch: grpc.handleServerStreamingCall<HealthRequest, unknown> = (call) => {
    const name = call.request.service;
    const watcher = (status: ServingStatus) => void call.write({ status });
    let set = watchers.get(name);
    if (!set) watchers.set(name, set = new Set());
    set.add(watcher);
    call.on("cancelled", () => void watchers.get(name)?.delete(watcher));
    call.write({ status: statuses.get(name) ?? "SERVICE_UNKNOWN" });
  };
  const list: grpc.handleUnaryCall<unknown, unknown> = async (_call, callback) => {
    if (!allMounted()) await progress?.untilAllMounted();
    refresh();
    if (statuses.size > LIST_LIMIT) {
      callback({ code: RESOURCE_EXHAUSTED, details: "Too many services to list." }, null);
      return;
    }
    const listed: Record<string, { status: ServingStatus }> = {};
    for (const [name, status] of statuses) listed[name] = { status };
    callback(null, { statuses: listed });
  };
  server.addService(serviceDefinition("health.proto", HEALTH_SERVICE), {
    check,
    watch,
    list,
  } as grpc.UntypedServiceImplementation);
  const unsubscribe = dataPlane.registry.onChange(refresh);
  return { refresh, close: () => void unsubscribe() };
}
