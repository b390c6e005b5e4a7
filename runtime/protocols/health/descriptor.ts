/**
 * The gRPC health service's descriptor (`grpc.health.v1.Health`), open to
 * anyone and mounted at start: it answers for the whole server and for
 * every service the active protocols declare, each by its declaration's
 * readiness.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";
import { addHealthService, HEALTH_SERVICE } from "./health_service.ts";

/** The gRPC health service. */
export const healthProtocol: ProtocolDescriptor = {
  name: "health",
  doors: [],
  stage: "start",
  protoFiles: ["health.proto"],
  services: () => [{ name: HEALTH_SERVICE, open: true }],
  mount(context) {
    const health = addHealthService(
      context,
      context.dataPlane,
      () => context.mountedNames(),
      context.declaredServices,
      {
        allMounted: () => context.progress.allMounted(),
        untilAllMounted: () => context.progress.untilAllMounted(),
      },
    );
    return { close: () => health.close(), refresh: () => health.refresh() };
  },
};
