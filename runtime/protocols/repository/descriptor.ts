/**
 * The model repository service's descriptor:
 * `modelruntime.v1.ModelRepository` (RepositoryIndex, Load, Unload), mounted
 * late; Load and Unload are admin.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";

const REPOSITORY_PROTO = "model_repository.proto";
const REPOSITORY_SERVICE = "modelruntime.v1.ModelRepository";

/** The model repository service. */
export const repositoryProtocol: ProtocolDescriptor = {
  name: "repository",
  doors: [],
  stage: "late",
  protoFiles: [REPOSITORY_PROTO],
  services: () => [{
    name: REPOSITORY_SERVICE,
    definition: () => serviceDefinition(REPOSITORY_PROTO, REPOSITORY_SERVICE),
    adminMethods: ["Load", "Unload"],
  }],
  async mount(context) {
    if (!context.repository) throw new Error("the repository service needs a repository");
    const { addRepositoryService } = await import("./repository_service.ts");
    addRepositoryService(context, context.repository);
    return {};
  },
};
