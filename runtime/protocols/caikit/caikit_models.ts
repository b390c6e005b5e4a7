/**
 * The newest Caikit version's runtime info and model management,
 * protocol-free (the gRPC InfoService / ModelManagement and the HTTP `/info`
 * and `/management/models` routes call them alike), as Caikit JSON:
 * the runtime's version; each served model's folder, size, load state and
 * Caikit module; DeployModel writes the files it is sent into a new folder
 * `<models folder>/<model_id>/` (atomically) and loads it through the
 * model repository, UndeployModel unloads a model (removing the folder
 * DeployModel wrote).
 *
 * @module
 */
import { isAbsolute, join, normalize } from "node:path";
import { asRuntimeError, badRequest, notFound, notReady } from "../../base/errors.ts";
import { serverMetadata } from "../../core/model_metadata.ts";
import type { DataPlane } from "../../core/data_plane.ts";
import type { ModelEntry } from "../../core/registry.ts";
import type { ModelRepository } from "../../repository/model_repository.ts";
import { folderBytes } from "./caikit_model_folder.ts";
import { faceOfModel } from "./caikit_predict.ts";

/** What runtime info and model management work with. */
export interface CaikitModelsOptions {
  /** The data plane (its registry holds the models). */
  readonly dataPlane: DataPlane;
  /** The repository models are deployed into and unloaded from. */
  readonly repository: ModelRepository;
  /** The Caikit version whose wire is served, e.g. `0.29.1`. */
  readonly wireVersion: string;
}

/** One file DeployModel writes. */
export interface DeployedFile {
  /** Its path inside the model folder. */
  readonly filename: string;
  /** Its bytes. */
  readonly data: Uint8Array;
}

/** Caikit's `RuntimeInfoResponse`: this runtime's version and the Caikit wire it speaks. */
export function runtimeInfo(options: Pick<CaikitModelsOptions, "wireVersion">): {
  runtime_version: string;
  python_packages: Record<string, string>;
} {
  const { name, version } = serverMetadata();
  return {
    runtime_version: `${name} ${version}`,
    python_packages: { caikit: options.wireVersion, [name]: version },
  };
}

/** Caikit's `ModelInfo` of a served model. */
async function modelInfo(entry: ModelEntry): Promise<Record<string, unknown>> {
  const face = faceOfModel(entry);
  const dir = entry.host.bundle.dir;
  let size = 0;
  try {
    size = await folderBytes(dir);
  } catch {
    // A model with no folder of its own (or one removed meanwhile) has no size.
  }
  const module = entry.host.bundle.spec.module;
  return {
    model_path: dir,
    name: entry.name,
    size,
    metadata: {},
    loaded: entry.host.ready,
    module_id: face?.module.id ?? module?.id ?? "",
    module_metadata: face
      ? { name: face.module.name, version: face.module.version, library: face.library }
      : { name: module?.id ?? entry.name, version: entry.version },
  };
}

/** Caikit's `ModelInfoResponse`: the models named by `modelIds` (none: every model). */
export async function modelsInfo(
  options: CaikitModelsOptions,
  modelIds: readonly string[],
): Promise<{ models: Record<string, unknown>[] }> {
  const registry = options.dataPlane.registry;
  for (const id of modelIds) {
    if (!registry.has(id)) throw notFound(`Model '${id}' not loaded`);
  }
  const entries = modelIds.length > 0 ? modelIds.map((id) => registry.get(id)) : registry.list();
  return { models: await Promise.all(entries.map(modelInfo)) };
}

/** Folders DeployModel wrote, by repository and model id (UndeployModel removes them). */
const deployedFolders = new WeakMap<ModelRepository, Map<string, string>>();

function deployedOf(repository: ModelRepository): Map<string, string> {
  let folders = deployedFolders.get(repository);
  if (!folders) deployedFolders.set(repository, folders = new Map());
  return folders;
}

/**
 * Deploys the model `modelId` from `files`: written into `<models
 * folder>/<modelId>/`, loaded, answered as its `ModelInfo`. `bad_request`
 * for a missing id or files, a file path leaving the folder, a model that
 * exists, a server without a models folder; the load's own failure else.
 */
export async function deployModel(
  options: CaikitModelsOptions,
  modelId: string,
  files: readonly DeployedFile[],
): Promise<Record<string, unknown>> {
  if (modelId === "") throw badRequest("Missing required model ID");
  if (files.length === 0) throw badRequest("Must provide at least one model file");
  const root = options.repository.dir;
  if (root === null) {
    throw badRequest("DeployModel needs a models folder: start the server with --models");
  }
  const target = join(root, modelId);
  if (options.dataPlane.registry.has(modelId) || await exists(target)) {
    throw badRequest(`Model '${modelId}' already exists`);
  }
  const staging = join(root, `.deploy-${crypto.randomUUID()}`);
  try {
    for (const file of files) {
      const path = normalize(file.filename);
      if (file.filename === "" || isAbsolute(path) || path.split(/[\\/]/).includes("..")) {
        throw badRequest(`model file '${file.filename}' must be a relative path inside the model`);
      }
      const full = join(staging, path);
      await Deno.mkdir(join(full, ".."), { recursive: true });
      await Deno.writeFile(full, file.data);
    }
    await Deno.rename(staging, target);
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      throw badRequest(
        `DeployModel: this server may not write to ${root}; allow writing that folder ` +
          `(e.g. deno run --allow-write=${root})`,
        { cause: error },
      );
    }
    throw error;
  }
  const deployed = deployedOf(options.repository);
  deployed.set(modelId, target);
  try {
    await options.repository.load(modelId);
  } catch (error) {
    deployed.delete(modelId);
    await Deno.remove(target, { recursive: true }).catch(() => {});
    await options.repository.sync().catch(() => {});
    const failure = asRuntimeError(error);
    throw failure.kind === "not_ready"
      ? notReady(`Model ${modelId} failed to load. Nested error: ${failure.message}`)
      : failure;
  }
  return modelInfo(options.dataPlane.registry.get(modelId));
}

/** Undeploys the model `modelId`; answers `{model_id}`. `not_found` for a model not loaded. */
export async function undeployModel(
  options: CaikitModelsOptions,
  modelId: string,
): Promise<{ model_id: string }> {
  if (modelId === "") throw badRequest("Missing required model ID");
  if (!options.dataPlane.registry.has(modelId)) throw notFound(`Model '${modelId}' not loaded`);
  await options.repository.unload(modelId);
  const deployed = deployedOf(options.repository);
  const folder = deployed.get(modelId);
  if (folder !== undefined) {
    deployed.delete(modelId);
    await Deno.remove(folder, { recursive: true });
    await options.repository.sync();
  }
  return { model_id: modelId };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
