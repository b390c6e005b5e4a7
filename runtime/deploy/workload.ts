/**
 * What a deployment of one model needs to know, derived once from the
 * model's bundle and the runtime's own defaults: names, image, replicas,
 * ports, the health services the probes ask, the user the image runs as and
 * the shutdown grace. Every manifest builder reads only this.
 *
 * @module
 */
import type { ModelSpec } from "../bundle/types.ts";
import { DEFAULT_GRACE_MS } from "../base/limits.ts";
import { urlSafeName } from "../core/model_names.ts";
import { type ContainerResources, containerResources } from "./resources.ts";

/** The user and group id the image runs as (the Dockerfile's `USER`). */
export const CONTAINER_USER_ID = 10001;

/**
 * The runtime's shutdown grace in seconds: on SIGTERM it stops taking new
 * work and finishes what is in flight within this time (`--grace`'s
 * default, 10 s).
 */
export const RUNTIME_GRACE_SECONDS = Math.ceil(DEFAULT_GRACE_MS / 1000);

/** Extra seconds Kubernetes waits beyond the runtime's grace before SIGKILL. */
export const GRACE_MARGIN_SECONDS = 5;

/**
 * The health service name that is SERVING whenever the server is up and not
 * draining, whatever its models' state: liveness and startup probes ask it.
 */
export const LIVENESS_HEALTH_SERVICE = "modelruntime.v1.ModelRepository";

/** The health service name of the whole server (every model ready): readiness asks it. */
export const READINESS_HEALTH_SERVICE = "";

/** Longest Kubernetes and KServe resource names made here (room for KServe's suffixes). */
const MAX_NAME_LENGTH = 36;

/** Everything the manifests of one model are built from. */
export interface Workload {
  /** Kubernetes name of the Deployment, Service and InferenceService. */
  readonly name: string;
  /** The model's URL-safe name, which clients put in requests (`model_name`, `mm-model-id`). */
  readonly modelName: string;
  /** model.yaml `name` as written. */
  readonly displayName: string;
  /** model.yaml `version`. */
  readonly version: string;
  /** Container image. */
  readonly image: string;
  /** Number of replicas. */
  readonly replicas: number;
  /** gRPC port (Modzy, OIP, health). */
  readonly grpcPort: number;
  /** HTTP port (OIP REST, /metrics). */
  readonly httpPort: number;
  /** Requests and limits from model.yaml `resources`. */
  readonly resources: ContainerResources;
  /** `terminationGracePeriodSeconds`: the runtime's grace plus a margin. */
  readonly terminationGraceSeconds: number;
}

/** Choices the caller makes; everything else comes from the bundle. */
export interface WorkloadChoices {
  /** Container image. */
  readonly image: string;
  /** Number of replicas (at least 1). */
  readonly replicas: number;
  /** gRPC port. */
  readonly grpcPort: number;
  /** HTTP port. */
  readonly httpPort: number;
}

/** The workload of the model `spec` describes. */
export function workloadOf(spec: ModelSpec, choices: WorkloadChoices): Workload {
  return {
    name: kubernetesName(spec.name),
    modelName: urlSafeName(spec.name),
    displayName: spec.name,
    version: spec.version,
    image: choices.image,
    replicas: choices.replicas,
    grpcPort: choices.grpcPort,
    httpPort: choices.httpPort,
    resources: containerResources(spec.resources),
    terminationGraceSeconds: RUNTIME_GRACE_SECONDS + GRACE_MARGIN_SECONDS,
  };
}

/**
 * A Kubernetes resource name (DNS-1035 label) for a model name: its URL-safe
 * form with `.` and `_` as `-`, starting with a letter, at most 36
 * characters so KServe's derived names stay within 63.
 *
 * @example
 * ```ts
 * import { kubernetesName } from "./workload.ts";
 * console.log(kubernetesName("Iris Classifier 2.0")); // "iris-classifier-2-0"
 * ```
 */
export function kubernetesName(modelName: string): string {
  let name = urlSafeName(modelName).replace(/[._]+/g, "-").replace(/-+/g, "-");
  name = name.replace(/^[^a-z]+/, "").slice(0, MAX_NAME_LENGTH).replace(/-+$/, "");
  return name === "" ? "model" : name;
}
