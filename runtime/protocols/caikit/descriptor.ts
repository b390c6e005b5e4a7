/**
 * The Caikit door's descriptor: the services Caikit would generate for the
 * modules' Caikit faces (per domain `caikit.runtime.<Domain>.<Domain>Service`
 * and `<Domain>TrainingService`), `caikit.runtime.training.TrainingManagement`
 * and `mmesh.ModelRuntime`, mounted late (their stand-ins answer from the
 * start). Admin: every `<Task><Module>Train`, `CancelTraining`, `loadModel`
 * and `unloadModel`; the rest (Predict, GetTrainingStatus, the ModelMesh
 * size and status calls) is inference. Its settings (`protocols.caikit`,
 * caikit_settings.ts's) choose the library served (an unknown one is a
 * start-up error), Caikit's domain and package renames and the wire version.
 * The services of bundles' own model code (whose faces are known once the
 * code has loaded) join when the door mounts (caikit_code_faces.ts).
 *
 * @module
 */
import { lifecycleModules } from "../../hosting/module_registry.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import type { ProtocolDescriptor } from "../protocol.ts";
import { CAIKIT_GRPC_DOOR, CAIKIT_HTTP_DOOR } from "./caikit_names.ts";
import {
  CAIKIT_PROTOCOL,
  type CaikitSettings,
  caikitSettings,
  DEFAULT_CAIKIT_SETTINGS,
  requireKnownLibrary,
} from "./caikit_settings.ts";
import { type CaikitSurface, caikitSurface } from "./caikit_surface.ts";
import { caikitWireVersion } from "./caikit_wire_version.ts";

let faces: readonly CaikitFace[] = [];
const surfaces = new Map<string, CaikitSurface>();

/** The Caikit faces of the registered modules (the same array while they do not change). */
function registeredFaces(): readonly CaikitFace[] {
  const now = lifecycleModules().flatMap((module) => module.caikit ? [module.caikit] : []);
  const same = now.length === faces.length && now.every((face, index) => face === faces[index]);
  if (!same) {
    faces = now;
    surfaces.clear();
  }
  return faces;
}

/** The Caikit libraries the registered modules declare, in order. */
export function caikitLibraries(): string[] {
  return [...new Set(registeredFaces().map((face) => face.library))];
}

/**
 * The surface served with `settings`: the registered modules' faces (only
 * those of `settings.library` when it is set), Caikit's renames and the
 * wire version — made again only when the modules or the settings changed,
 * so its definitions stay the same objects. Throws a `bad_request` for a
 * library no module declares.
 */
export function currentCaikitSurface(
  settings: CaikitSettings = DEFAULT_CAIKIT_SETTINGS,
): CaikitSurface {
  const all = registeredFaces();
  requireKnownLibrary(settings, caikitLibraries());
  const key = JSON.stringify([
    settings.library,
    settings.domain,
    settings.package,
    settings.version,
  ]);
  let surface = surfaces.get(key);
  if (!surface) {
    const served = settings.library === undefined
      ? all
      : all.filter((face) => face.library === settings.library);
    surface = caikitSurface(served, caikitWireVersion(settings.version), {
      domain: settings.domain,
      package: settings.package,
    });
    surfaces.set(key, surface);
  }
  return surface;
}

/** The Caikit door (gRPC, and HTTP on the HTTP port). */
export const caikitProtocol: ProtocolDescriptor = {
  name: CAIKIT_PROTOCOL,
  doors: [CAIKIT_GRPC_DOOR, CAIKIT_HTTP_DOOR],
  stage: "late",
  services(settings) {
    const surface = currentCaikitSurface(caikitSettings(settings.protocols?.[CAIKIT_PROTOCOL]));
    return surface.services.map((service) => ({
      name: service.name,
      definition: () => surface.definition(service.name),
      adminMethods: service.adminMethods,
    }));
  },
  async mount(context) {
    const { mountCaikit } = await import("./caikit_mount.ts");
    const { codeFacesToServe, watchCodeFaces } = await import("./caikit_code_faces.ts");
    const settings = caikitSettings(context.settings.protocols?.[CAIKIT_PROTOCOL]);
    const declared = currentCaikitSurface(settings);
    const registry = context.dataPlane.registry;
    const code = codeFacesToServe(declared, registry, settings.library, context.log);
    const surface = code.faces.length === 0
      ? declared
      : caikitSurface([...declared.faces, ...code.faces], declared.version, declared.renames);
    const mounted = await mountCaikit(context, surface, declared);
    if (code.faces.length > 0) {
      context.log.info("Caikit door serves model code's faces", {
        tasks: code.faces.map((face) => `${face.library}:${face.task.name}`).join(","),
      });
    }
    const unwatch = watchCodeFaces(registry, surface, {
      seen: code.seen,
      library: settings.library,
      log: context.log,
    });
    return {
      ...mounted,
      close: async () => {
        unwatch();
        await mounted.close?.();
      },
    };
  },
};
