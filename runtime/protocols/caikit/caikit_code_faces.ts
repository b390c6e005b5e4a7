/**
 * The Caikit faces of bundles' own model code (model.yaml `module.code`).
 * A code module's face is known only once its code has loaded in its
 * worker, after the server declared the door's services from the
 * registered modules (their stand-ins answer from the start). So the door
 * serves, besides those, the faces of the code models loaded when it
 * mounts — at start, once the models have loaded — adding their services
 * to the server then ({@link codeFacesToServe}). A face that cannot join
 * (its derivation conflicts, or its task would add a method to a service
 * fixed at start) is logged with why; a face that appears after the mount
 * (a model loaded or reloaded later, a lazy start) is logged saying a
 * restart serves it ({@link watchCodeFaces}).
 *
 * @module
 */
import type { Logger } from "../../base/log.ts";
import type { ModelRegistry } from "../../core/registry.ts";
import { codeModelOf } from "../../hosting/model_host_factory.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import { inferenceServiceName, predictRpc, serviceNaming } from "./caikit_names.ts";
import { deriveCaikitSchema } from "./caikit_schema.ts";
import type { CaikitSurface } from "./caikit_surface.ts";

/** The faces of the code models `registry` has loaded, with the models declaring them. */
function loadedCodeFaces(registry: ModelRegistry): { model: string; face: CaikitFace }[] {
  return registry.list().flatMap((entry) => {
    const face = codeModelOf(entry.host)?.caikitFace;
    return face && entry.host.ready ? [{ model: entry.name, face }] : [];
  });
}

/** A face's data as text (its conversions left out): equal texts are one face. */
function faceText(face: CaikitFace): string {
  return JSON.stringify([face.library, face.module, face.task]);
}

/** The log fields naming `face`. */
function faceFields(model: string, face: CaikitFace) {
  return { model, library: face.library, task: face.task.name, module: face.module.name };
}

/** What {@link codeFacesToServe} found. */
export interface CodeFaces {
  /** The faces to serve besides the registered modules' (one per distinct face). */
  readonly faces: readonly CaikitFace[];
  /** Every face looked at (a later look logs none of them again). */
  readonly seen: WeakSet<CaikitFace>;
}

/**
 * The faces of the code models loaded in `registry` that the door serves
 * besides `base`'s: those of `library` when it is set, each derivable
 * together with the others (Caikit's rules, conflicts refused) and not
 * adding a task to one of `base`'s services (its methods were fixed when
 * the server started). Each face left out is logged with why.
 */
export function codeFacesToServe(
  base: CaikitSurface,
  registry: ModelRegistry,
  library: string | undefined,
  log: Logger,
): CodeFaces {
  const seen = new WeakSet<CaikitFace>();
  const faces: CaikitFace[] = [];
  const texts = new Set(base.faces.map(faceText));
  for (const { model, face } of loadedCodeFaces(registry)) {
    seen.add(face);
    if (texts.has(faceText(face))) continue;
    const fields = faceFields(model, face);
    if (library !== undefined && face.library !== library) {
      log.info("model code's Caikit face not served: the door serves one library", {
        ...fields,
        served: library,
      });
      continue;
    }
    const { domain, package: pkg } = serviceNaming(face.library, base.renames);
    const service = inferenceServiceName(domain, pkg);
    const fixed = base.services.find((each) => each.name === service);
    if (fixed && !fixed.methods.includes(predictRpc(face.task.name))) {
      log.error(
        "model code's Caikit face not served: its task would join a service fixed at start",
        {
          ...fields,
          service,
          reason:
            `${service} serves the registered modules' tasks only; give the face its own library`,
        },
      );
      continue;
    }
    try {
      deriveCaikitSchema([...base.faces, ...faces, face], base.version, base.renames);
    } catch (error) {
      log.error("model code's Caikit face not served", {
        ...fields,
        reason: (error as Error).message,
      });
      continue;
    }
    faces.push(face);
    texts.add(faceText(face));
  }
  return { faces, seen };
}

/** Where a face's task is served: its inference service and the task's declaration. */
function taskKey(face: Pick<CaikitFace, "library" | "task">, surface: CaikitSurface): string {
  const { domain, package: pkg } = serviceNaming(face.library, surface.renames);
  return JSON.stringify([inferenceServiceName(domain, pkg), face.task]);
}

/**
 * Watches `registry` for code models whose Caikit task the mounted
 * `surface` does not serve (loaded or reloaded after the door mounted; of
 * `library` when it is set) and logs each once per load, saying a restart
 * serves it. Returns a function that stops watching.
 */
export function watchCodeFaces(
  registry: ModelRegistry,
  surface: CaikitSurface,
  options: { readonly seen: WeakSet<CaikitFace>; readonly library?: string; readonly log: Logger },
): () => void {
  const { seen, library, log } = options;
  const served = new Set(surface.faces.map((face) => taskKey(face, surface)));
  return registry.onChange(() => {
    for (const { model, face } of loadedCodeFaces(registry)) {
      if (seen.has(face)) continue;
      seen.add(face);
      if (served.has(taskKey(face, surface))) continue;
      if (library !== undefined && face.library !== library) continue;
      log.warn(
        "model code declares a Caikit face the Caikit door did not serve when it mounted: " +
          "restart the server to serve it over Caikit",
        faceFields(model, face),
      );
    }
  });
}
