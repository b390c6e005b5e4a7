/**
 * Container resource requests and limits from model.yaml `resources`
 * (`memory.size`, `cpu.count`, `gpu.count`), as Kubernetes quantities.
 *
 * @module
 */
import { parseByteSize } from "../bundle/sizes.ts";
import type { ModelSpec } from "../bundle/types.ts";
import { badRequest } from "../base/errors.ts";

/** Kubernetes quantities by resource name (`cpu`, `memory`, `nvidia.com/gpu`). */
export type ResourceQuantities = Readonly<Record<string, string>>;

/** A container's `resources`: requests equal limits (Guaranteed QoS). */
export interface ContainerResources {
  /** What the scheduler reserves. */
  readonly requests: ResourceQuantities;
  /** What the container may use at most. */
  readonly limits: ResourceQuantities;
}

/** The extended resource name of NVIDIA GPUs. */
export const GPU_RESOURCE = "nvidia.com/gpu";

/**
 * Requests and limits for a model's declared needs: memory as a binary
 * quantity (`512Mi`), CPUs as cores or millicores, GPUs as `nvidia.com/gpu`
 * (limits only carry extended resources' meaning, so both are set alike).
 * Absent or zero needs are left out. Throws a `bad_request` RuntimeError
 * when the memory size is not a size.
 *
 * @example
 * ```ts
 * import { containerResources } from "./resources.ts";
 * const resources = containerResources({ memory: "512Mi", cpus: 1, gpus: 0 });
 * console.log(resources.limits); // { memory: "512Mi", cpu: "1" }
 * ```
 */
export function containerResources(resources: ModelSpec["resources"]): ContainerResources {
  const quantities: Record<string, string> = {};
  if (resources.memory.trim() !== "") {
    const bytes = parseByteSize(resources.memory);
    if (bytes === null) {
      throw badRequest(`resources.memory.size '${resources.memory}' is not a size`);
    }
    quantities.memory = memoryQuantity(bytes);
  }
  if (resources.cpus > 0) quantities.cpu = cpuQuantity(resources.cpus);
  if (resources.gpus > 0) quantities[GPU_RESOURCE] = String(Math.ceil(resources.gpus));
  return { requests: { ...quantities }, limits: { ...quantities } };
}

/** Bytes as the largest exact binary unit: `536870912` -> `512Mi`. */
export function memoryQuantity(bytes: number): string {
  const units = ["Ki", "Mi", "Gi", "Ti"];
  let value = bytes;
  let unit = "";
  for (const next of units) {
    if (value % 1024 !== 0 || value === 0) break;
    value /= 1024;
    unit = next;
  }
  return `${value}${unit}`;
}

/** CPUs as whole cores (`2`) or millicores (`500m`). */
export function cpuQuantity(cpus: number): string {
  return Number.isInteger(cpus) ? String(cpus) : `${Math.ceil(cpus * 1000)}m`;
}
