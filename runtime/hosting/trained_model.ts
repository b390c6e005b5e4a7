/**
 * Loading a trained model's folder into a ready host, the same way on the
 * worker that trained it and on every other serving worker that serves it
 * too.
 *
 * @module
 */
import type { ModelHost } from "../core/model_host.ts";
import type { ModelHostFactory } from "./model_host_factory.ts";
import type { TrainedFolder } from "./training_job_types.ts";

/** A ready host of `model` built by `hosts`; its load failure is thrown (the host released). */
export async function loadTrainedModel(
  hosts: ModelHostFactory,
  model: TrainedFolder,
): Promise<ModelHost> {
  const host = await hosts.fromBundleFolder(
    model.folder,
    { name: model.name },
    model.anyFolderName ? { anyFolderName: true } : undefined,
  );
  const outcome = await host.initialize();
  if (!outcome.ok) {
    await host.close();
    throw outcome.error;
  }
  return host;
}
