/**
 * The Open Inference Protocol's descriptor: `inference.GRPCInferenceService`
 * on the gRPC port (its ModelInfer with its own wire codec) and the `/v2`
 * REST routes on the HTTP port, mounted late; health reports the gRPC
 * service as the whole server, and the REST health routes are open.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";
import { oipServiceDefinition } from "./oip_infer_codec.ts";

/** The gRPC service's full name. */
const OIP_SERVICE = "inference.GRPCInferenceService";

/** The Open Inference Protocol (gRPC and REST). */
export const oipProtocol: ProtocolDescriptor = {
  name: "oip",
  doors: ["oip-grpc", "oip-rest"],
  stage: "late",
  protoFiles: ["grpc_predict_v2.proto"],
  services: () => [{
    name: OIP_SERVICE,
    definition: oipServiceDefinition,
    adminMethods: ["RepositoryModelLoad", "RepositoryModelUnload"],
    serving: (dataPlane) => dataPlane.ready(),
  }],
  async mount(context) {
    const { addOipService } = await import("./oip_grpc_service.ts");
    addOipService(context, { dataPlane: context.dataPlane });
    if (!context.settings.http) return {};
    const { oipRestRoutes } = await import("./oip_rest.ts");
    return { routes: oipRestRoutes(context.dataPlane) };
  },
};
