/**
 * The Caikit door's descriptor: the services Caikit would generate for the
 * modules' Caikit faces (per domain `caikit.runtime.<Domain>.<Domain>Service`
 * and `<Domain>TrainingService`), `caikit.runtime.training.TrainingManagement`
 * and `mmesh.ModelRuntime`, mounted late (their stand-ins answer from the
 * start). Admin: every `<Task><Module>Train`, `CancelTraining`, `loadModel`
 * and `unloadModel`; the rest (Predict, GetTrainingStatus, the ModelMesh
 * size and status calls) is inference. Its settings (`protocols.caikit`)
 * are caikit_settings.ts's.
 *
 * @module
 */
import { lifecycleModules } from "../../hosting/module_registry.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import type { ProtocolDescriptor } from "../protocol.ts";
import { CAIKIT_GRPC_DOOR } from "./caikit_names.ts";
import { CAIKIT_PROTOCOL, caikitSettings } from "./caikit_settings.ts";
import { type CaikitSurface, caikitSurface } from "./caikit_surface.ts";
import { CAIKIT_0_18_1 } from "./caikit_wire_version.ts";

let current: CaikitSurface | null = null;

/**
 * The surface of the registered modules' faces (made again only when the
 * modules changed, so its definitions stay the same objects).
 */
export function currentCaikitSurface(): CaikitSurface {
  const faces: CaikitFace[] = lifecycleModules().flatMap((module) =>
    module.caikit ? [module.caikit] : []
  );
  const same = current !== null && current.faces.length === faces.length &&
    current.faces.every((face, index) => face === faces[index]);
  if (!same) current = caikitSurface(faces, CAIKIT_0_18_1);
  return current!;
}

/** The Caikit door (gRPC). */
export const caikitProtocol: ProtocolDescriptor = {
  name: CAIKIT_PROTOCOL,
  doors: [CAIKIT_GRPC_DOOR],
  stage: "late",
  services(settings) {
    caikitSettings(settings.protocols?.[CAIKIT_PROTOCOL]);
    const surface = currentCaikitSurface();
    return surface.services.map((service) => ({
      name: service.name,
      definition: () => surface.definition(service.name),
      adminMethods: service.adminMethods,
    }));
  },
  async mount(context) {
    const { mountCaikit } = await import("./caikit_mount.ts");
    return mountCaikit(context, currentCaikitSurface());
  },
};
