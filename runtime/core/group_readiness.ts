/**
 * Readiness across the serving workers of one server (`--workers N`): the
 * data plane is ready only when this worker is and the group says every
 * worker is; this worker reports its own readiness to the group whenever
 * the registry changes (a load, an unload, a lazy first load, a drain), and
 * a change of the group's answer is told to the registry's listeners (the
 * health service recomputes its statuses).
 *
 * @module
 */
import type { DataPlane } from "./data_plane.ts";
import type { ServingGroup } from "./serving_group.ts";

/** Ties `dataPlane`'s readiness to `group`'s (see the module doc); returns a function that stops. */
export function followGroupReadiness(dataPlane: DataPlane, group: ServingGroup): () => void {
  dataPlane.gateReadiness(() => group.allReady());
  const report = () => group.reportReady(dataPlane.readyHere());
  const stopGroup = group.onReadinessChange(() => dataPlane.registry.notify());
  const stopRegistry = dataPlane.registry.onChange(report);
  report();
  return () => {
    stopGroup();
    stopRegistry();
  };
}
