/**
 * Server reflection's descriptor (`grpc.reflection.v1` and `v1alpha`), open
 * to anyone and mounted last, so it lists and describes every service
 * mounted before it.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";

/** Server reflection. */
export const reflectionProtocol: ProtocolDescriptor = {
  name: "reflection",
  doors: [],
  stage: "late",
  services: () => [
    { name: "grpc.reflection.v1.ServerReflection", open: true },
    { name: "grpc.reflection.v1alpha.ServerReflection", open: true },
  ],
  async mount(context) {
    const { addReflectionService } = await import("./reflection_service.ts");
    addReflectionService(context, context.mountedDefinitions());
    return {};
  },
};
