/**
 * What a protocol is to the server: one descriptor per protocol folder
 * (`runtime/protocols/<name>/descriptor.ts`) declares everything the server
 * assembly needs — its gRPC services (with their definitions), which of
 * their methods are admin or open, how each answers health, whether the
 * protocol mounts at start or after the first Status, its metrics door
 * labels — and mounts its handlers and HTTP routes through a
 * {@link ProtocolContext}. The server walks a list of descriptors and names
 * no protocol (runtime/server/protocol_list.ts). Adding a protocol is one new
 * folder and one line in that list.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { ServingGroup } from "../core/serving_group.ts";
import type { AccessRole } from "../base/access_policy.ts";
import type { Logger } from "../base/log.ts";
import type { DataPlane } from "../core/data_plane.ts";
import type { TrainingDesk } from "../hosting/training_desk.ts";
import type { RuntimeMetrics } from "../metrics/runtime_metrics.ts";
import type { ModelRepository } from "../repository/model_repository.ts";
import type { HttpErrorScope, HttpRoute } from "./wire/http_route.ts";

/**
 * When a protocol's code is loaded and mounted: `start` before the port is
 * bound (the Modzy door and health, which the first Status needs), `late`
 * once the models have loaded and the first Status has been answered (its
 * gRPC services answer from the start through stand-ins that make early
 * calls wait; its code is imported only then, keeping the cold start short).
 */
export type MountStage = "start" | "late";

/** One gRPC service a protocol serves, as declared before its code loads. */
export interface GrpcServiceDeclaration {
  /** Full service name on the wire, e.g. `inference.GRPCInferenceService`. */
  readonly name: string;
  /**
   * The service definition (serializers included), called once at start so
   * that a late service answers from the start through a stand-in; absent
   * for a service whose definition comes with its code (reflection): it is
   * simply mounted late.
   */
  readonly definition?: () => grpc.ServiceDefinition;
  /** Names of the methods that change the server (admin role); the rest are inference. */
  readonly adminMethods?: readonly string[];
  /** Every method open to anyone, with no token (health, reflection). */
  readonly open?: boolean;
  /**
   * Whether the service is SERVING for `grpc.health.v1`; absent: while the
   * server is not draining.
   */
  readonly serving?: (dataPlane: DataPlane) => boolean;
}

/** The server-wide facts a protocol's declaration may depend on. */
export interface ProtocolSettings {
  /** Folder the training service writes to; absent: no training. */
  readonly trainingDir?: string;
  /** Whether `/metrics` is served (metrics were given). */
  readonly metrics: boolean;
  /** Whether the HTTP port is open. */
  readonly http: boolean;
  /** Settings of individual protocols, by protocol name (each validates its own). */
  readonly protocols?: Readonly<Record<string, unknown>>;
}

/** How the server reports its mounting progress (for health answers given meanwhile). */
export interface MountProgress {
  /** Whether every service is mounted. */
  allMounted(): boolean;
  /** Asks for the remaining services now; resolves once every service is mounted. */
  untilAllMounted(): Promise<void>;
}

/** What a protocol mounts with: the server's shared parts and the mount itself. */
export interface ProtocolContext {
  /** The data plane every door calls. */
  readonly dataPlane: DataPlane;
  /** Where to log. */
  readonly log: Logger;
  /** The server-wide settings the declarations were made from. */
  readonly settings: ProtocolSettings;
  /** The model repository (late stage only; null at start). */
  readonly repository: ModelRepository | null;
  /** The training jobs shared by every door that trains (late stage, with a training folder). */
  readonly training: TrainingDesk | null;
  /** The metrics, when they are served. */
  readonly metrics: RuntimeMetrics | null;
  /** Mounting progress (health waits on it). */
  readonly progress: MountProgress;
  /** Every gRPC service declared by the active protocols, in mount order. */
  readonly declaredServices: readonly GrpcServiceDeclaration[];
  /** Definitions of every service mounted so far (reflection describes them). */
  mountedDefinitions(): grpc.ServiceDefinition[];
  /** Full names of every service mounted so far, stand-ins included (health lists them). */
  mountedNames(): string[];
  /** Adds a declared service (a late one replaces its stand-in). */
  addService(
    definition: grpc.ServiceDefinition,
    implementation: grpc.UntypedServiceImplementation,
  ): void;
  /** Stops the server (the Modzy Shutdown RPC). */
  requestStop(): void;
  /** Tells the server the first Status has been answered (the late stage may load now). */
  firstStatusAnswered(): void;
  /** The other serving workers of this server (`--workers N`); absent or null: none. */
  readonly group?: ServingGroup | null;
}

/** What a protocol's mount contributes besides its gRPC services. */
export interface ProtocolMount {
  /** HTTP routes, each with its access role (default `inference`). */
  readonly routes?: readonly HttpRoute[];
  /**
   * Path prefixes whose failures — unknown paths and methods included — the
   * protocol answers in its own shape (its routes say so with `errorAnswer`).
   */
  readonly httpErrorScopes?: readonly HttpErrorScope[];
  /** Called when the server's state changes (every service mounted, draining begins). */
  readonly refresh?: () => void;
  /** Called when the server stops (after draining), to release what the protocol holds. */
  readonly close?: () => void | Promise<void>;
}

/** One protocol: its declaration and its mount. */
export interface ProtocolDescriptor {
  /** The protocol's name (its folder's), e.g. `modzy`. */
  readonly name: string;
  /** Door labels its requests carry in metrics and logs, e.g. `oip-grpc`, `oip-rest`. */
  readonly doors: readonly string[];
  /** When it mounts. */
  readonly stage: MountStage;
  /**
   * The `.proto` files (in protos/, or `health.proto` from grpc-health-check)
   * its services are built from: `deno task protos` compiles each into
   * protos/compiled/, which the runtime loads at start.
   */
  readonly protoFiles?: readonly string[];
  /** The gRPC services it serves with `settings` (none: the protocol is off or HTTP only). */
  readonly services: (settings: ProtocolSettings) => readonly GrpcServiceDeclaration[];
  /** Whether it mounts at all with `settings` (default: always). */
  readonly enabled?: (settings: ProtocolSettings) => boolean;
  /**
   * Mounts its gRPC services (`context.addService`) and returns its HTTP
   * routes. A late protocol imports its code here, lazily.
   */
  readonly mount: (context: ProtocolContext) => ProtocolMount | Promise<ProtocolMount>;
}

/** The access role of an HTTP route (default `inference`). */
export function routeRole(route: HttpRoute): AccessRole {
  return route.role ?? "inference";
}
