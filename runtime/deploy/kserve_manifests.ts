/**
 * A KServe ServingRuntime (the image, serving the Open Inference Protocol
 * over gRPC on the runtime's gRPC port) and an InferenceService that runs a
 * fixed number of replicas of it.
 *
 * @module
 */
import {
  containerSecurity,
  type Manifest,
  MODEL_NAME_ANNOTATION,
  portEnvironment,
  workloadLabels,
} from "./kubernetes_manifests.ts";
import type { Workload } from "./workload.ts";

/** The model format the ServingRuntime declares: a model-runtime asset bundle. */
export const BUNDLE_MODEL_FORMAT = { name: "model-runtime-bundle", version: "1" } as const;

/** The ServingRuntime's name for `workload`. */
export function servingRuntimeName(workload: Workload): string {
  return `${workload.name}-runtime`;
}

/**
 * The ServingRuntime: one container (KServe's name `kserve-container`)
 * whose only port is the gRPC port, named `h2c` so KServe and Knative route
 * HTTP/2 to it; protocols `grpc-v2` (served on that port) and `v2` (REST on
 * the HTTP port, reachable inside the pod).
 */
export function servingRuntimeManifest(workload: Workload): Manifest {
  return {
    apiVersion: "serving.kserve.io/v1alpha1",
    kind: "ServingRuntime",
    metadata: {
      name: servingRuntimeName(workload),
      labels: workloadLabels(workload),
    },
    spec: {
      annotations: {
        "prometheus.kserve.io/port": String(workload.httpPort),
        "prometheus.kserve.io/path": "/metrics",
      },
      supportedModelFormats: [{ ...BUNDLE_MODEL_FORMAT, autoSelect: true }],
      protocolVersions: ["grpc-v2", "v2"],
      containers: [{
        name: "kserve-container",
        image: workload.image,
        args: ["--serve"],
        env: portEnvironment(workload),
        ports: [{ name: "h2c", containerPort: workload.grpcPort, protocol: "TCP" }],
        resources: workload.resources,
        securityContext: containerSecurity(),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      }],
      volumes: [{ name: "tmp", emptyDir: {} }],
    },
  };
}

/**
 * The InferenceService: exactly `replicas` predictors (min = max) of the
 * ServingRuntime, over the OIP gRPC door (`protocolVersion: grpc-v2`). The
 * model is the one baked into the image, so there is no `storageUri`.
 */
export function inferenceServiceManifest(workload: Workload): Manifest {
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: workload.name,
      labels: workloadLabels(workload),
      annotations: { [MODEL_NAME_ANNOTATION]: workload.modelName },
    },
    spec: {
      predictor: {
        minReplicas: workload.replicas,
        maxReplicas: workload.replicas,
        model: {
          modelFormat: { ...BUNDLE_MODEL_FORMAT },
          runtime: servingRuntimeName(workload),
          protocolVersion: "grpc-v2",
        },
      },
    },
  };
}
