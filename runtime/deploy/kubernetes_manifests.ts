/**
 * A Kubernetes Deployment and Service for one model: N replicas of the
 * image, native gRPC probes on the runtime's health service, resources
 * from model.yaml, a non-root read-only container, and a termination grace
 * covering the runtime's own.
 *
 * @module
 */
import {
  CONTAINER_USER_ID,
  LIVENESS_HEALTH_SERVICE,
  READINESS_HEALTH_SERVICE,
  type Workload,
} from "./workload.ts";

/** A manifest: a plain object that serialises to one YAML document. */
export type Manifest = Readonly<Record<string, unknown>>;

/** The container's name in every pod made here. */
export const CONTAINER_NAME = "model-runtime";

/** Annotation carrying the model's URL-safe name, as clients address it. */
export const MODEL_NAME_ANNOTATION = "model-runtime/model-name";

/** The labels every object of `workload` carries; the first two select its pods. */
export function workloadLabels(workload: Workload): Record<string, string> {
  return {
    "app.kubernetes.io/name": workload.name,
    "app.kubernetes.io/component": "model-server",
    "app.kubernetes.io/version": workload.version,
    "app.kubernetes.io/part-of": "model-runtime",
  };
}

function selectorLabels(workload: Workload): Record<string, string> {
  return {
    "app.kubernetes.io/name": workload.name,
    "app.kubernetes.io/component": "model-server",
  };
}

/** The environment that sets the runtime's ports (the image's defaults spelled out). */
export function portEnvironment(workload: Workload): { name: string; value: string }[] {
  return [
    { name: "PSC_MODEL_PORT", value: String(workload.grpcPort) },
    { name: "MODEL_RUNTIME_HTTP_PORT", value: String(workload.httpPort) },
  ];
}

/** The container security settings: no privileges, read-only root file system. */
export function containerSecurity(): Manifest {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: CONTAINER_USER_ID,
    runAsGroup: CONTAINER_USER_ID,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

function grpcProbe(workload: Workload, service: string, timing: Manifest): Manifest {
  return { grpc: { port: workload.grpcPort, service }, timeoutSeconds: 5, ...timing };
}

/**
 * The Deployment: startup and liveness probes ask the health service that
 * is SERVING while the server is up and not draining (a model that fails to
 * load makes the pod unready, not restarted); readiness asks the whole
 * server's status, SERVING once every model is ready and until drain.
 */
export function deploymentManifest(workload: Workload): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: workload.name,
      labels: workloadLabels(workload),
      annotations: { [MODEL_NAME_ANNOTATION]: workload.modelName },
    },
    spec: {
      replicas: workload.replicas,
      selector: { matchLabels: selectorLabels(workload) },
      template: {
        metadata: {
          labels: workloadLabels(workload),
          annotations: {
            [MODEL_NAME_ANNOTATION]: workload.modelName,
            "prometheus.io/scrape": "true",
            "prometheus.io/port": String(workload.httpPort),
            "prometheus.io/path": "/metrics",
          },
        },
        spec: {
          terminationGracePeriodSeconds: workload.terminationGraceSeconds,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: CONTAINER_USER_ID,
            runAsGroup: CONTAINER_USER_ID,
            fsGroup: CONTAINER_USER_ID,
          },
          containers: [{
            name: CONTAINER_NAME,
            image: workload.image,
            args: ["--serve"],
            env: portEnvironment(workload),
            ports: [
              { name: "grpc", containerPort: workload.grpcPort, protocol: "TCP" },
              { name: "http", containerPort: workload.httpPort, protocol: "TCP" },
            ],
            resources: workload.resources,
            startupProbe: grpcProbe(workload, LIVENESS_HEALTH_SERVICE, {
              periodSeconds: 5,
              failureThreshold: 60,
            }),
            livenessProbe: grpcProbe(workload, LIVENESS_HEALTH_SERVICE, {
              periodSeconds: 10,
              failureThreshold: 3,
            }),
            readinessProbe: grpcProbe(workload, READINESS_HEALTH_SERVICE, {
              periodSeconds: 5,
              failureThreshold: 2,
            }),
            securityContext: containerSecurity(),
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          }],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  };
}

/**
 * The Service in front of the replicas: gRPC (marked `kubernetes.io/h2c`)
 * and HTTP. Kubernetes balances connections, not calls: a client holding one
 * gRPC connection talks to one replica (see deploy/README.md).
 */
export function serviceManifest(workload: Workload): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: workload.name,
      labels: workloadLabels(workload),
      annotations: { [MODEL_NAME_ANNOTATION]: workload.modelName },
    },
    spec: {
      selector: selectorLabels(workload),
      ports: [
        {
          name: "grpc",
          port: workload.grpcPort,
          targetPort: "grpc",
          protocol: "TCP",
          appProtocol: "kubernetes.io/h2c",
        },
        { name: "http", port: workload.httpPort, targetPort: "http", protocol: "TCP" },
      ],
    },
  };
}
