/**
 * Turns a repository folder into a {@link ModelHost}, never failing: a folder
 * whose bundle cannot be read, or whose module is unknown, still gets a host —
 * one whose load fails with the reason — so the model is registered, reported
 * not ready, and says why.
 *
 * @module
 */
import { loadFolderBundle } from "./folder_bundle.ts";
import type { ModelHost } from "../core/model_host.ts";
import type { ModelHostFactory } from "../hosting/model_host_factory.ts";
import type { ModelFolder } from "./scan.ts";
import { caikitBundle, modelFileBundle, placeholderBundle } from "./synthesized_bundle.ts";

/**
 * A host for `folder`, served under the folder's name, and the version it
 * serves (the bundle's version for bundles), built by `hosts` — so with the
 * same host options (batching, batch metrics) as the default model.
 */
export async function hostForFolder(
  folder: ModelFolder,
  hosts: ModelHostFactory,
): Promise<{ host: ModelHost; version: string }> {
  const naming = { name: folder.name };
  try {
    const bundle = folder.layout === "caikit"
      ? await caikitBundle(folder.name, folder.path)
      : folder.file === null
      ? await loadFolderBundle(folder.path)
      : modelFileBundle(folder.name, folder.version, folder.path, folder.file);
    const version = folder.file === null ? bundle.spec.version : folder.version;
    try {
      return { host: hosts.forBundle(bundle, undefined, naming), version };
    } catch (error) {
      return { host: hosts.failed(bundle, error, naming), version };
    }
  } catch (error) {
    const version = folder.version || "0.0.0";
    const bundle = placeholderBundle(folder.name, version, folder.path);
    return { host: hosts.failed(bundle, error, naming), version };
  }
}
