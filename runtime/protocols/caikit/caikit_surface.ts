/**
 * The Caikit door's surface for a set of modules: the services and methods
 * (and which are admin), known at once from the declared names — the
 * server mounts stand-ins for them before the port is bound — while the
 * messages are derived (caikit_schema.ts) and the protobufjs Root built
 * (caikit_definitions.ts) when the door mounts, off the cold start, and
 * installed here. A service's definition is one object from start to end
 * (its stand-in and its real service share it): a request that arrives
 * before the install keeps its bytes ({@link PendingRequest}) and is
 * decoded by the door once it is there.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { CaikitFace } from "../../model/caikit_face.ts";
import {
  type CaikitRenames,
  inferenceServiceName,
  MMESH_SERVICE,
  predictRpc,
  serviceNaming,
  TRAINING_MANAGEMENT_SERVICE,
  trainingServiceName,
  trainRpc,
} from "./caikit_names.ts";
import type { CaikitWireVersion } from "./caikit_wire_version.ts";
import { INFO_SERVICE, MODEL_MANAGEMENT_SERVICE } from "./caikit_info_schema.ts";
import type { CaikitSchema } from "./caikit_schema.ts";
import type { CaikitDefinitions } from "./caikit_definitions.ts";

/** One service of the surface. */
export interface SurfaceService {
  /** Full name. */
  readonly name: string;
  /** Its methods, in order. */
  readonly methods: readonly string[];
  /** Those that change the server (admin role). */
  readonly adminMethods: readonly string[];
}

/** The services of a set of modules' faces, and their definitions on demand. */
export interface CaikitSurface {
  /** The wire version. */
  readonly version: CaikitWireVersion;
  /** The faces it was made from. */
  readonly faces: readonly CaikitFace[];
  /** Caikit's service-generation renames applied. */
  readonly renames: CaikitRenames;
  /** Every service, in mount order. */
  readonly services: readonly SurfaceService[];
  /** The definition of service `name` (the same object every time). */
  definition(name: string): grpc.ServiceDefinition;
  /** Whether the schema and definitions are installed. */
  readonly installed: boolean;
  /** Installs the derived schema and built definitions (once; later calls are ignored). */
  install(schema: CaikitSchema, built: CaikitDefinitions): void;
  /** The derived messages and RPCs; throws before the install. */
  schema(): CaikitSchema;
  /** The built Root and definitions; throws before the install. */
  built(): CaikitDefinitions;
}

/** A request that arrived before the definitions were installed: its bytes, decoded later. */
export interface PendingRequest {
  /** The request's bytes. */
  readonly pendingBytes: Uint8Array;
}

/** True when `request` arrived before the install (see {@link PendingRequest}). */
export function isPendingRequest(request: unknown): request is PendingRequest {
  return typeof request === "object" && request !== null && "pendingBytes" in request;
}

/**
 * The decoded request of `service`'s `method`: a request kept as bytes
 * before the install ({@link PendingRequest}) is decoded now.
 */
export function decodedRequest(
  surface: CaikitSurface,
  service: string,
  method: string,
  request: unknown,
): Record<string, unknown> {
  return (isPendingRequest(request)
    ? surface.built().service(service)[method].requestDeserialize(request.pendingBytes as never)
    : request) as Record<string, unknown>;
}

/** The methods of `mmesh.ModelRuntime`; loading and unloading are admin. */
const MMESH_METHODS = [
  "loadModel",
  "unloadModel",
  "predictModelSize",
  "modelSize",
  "runtimeStatus",
];

/** The surface of `faces` for `version` with Caikit's `renames` (nothing derived yet). */
export function caikitSurface(
  faces: readonly CaikitFace[],
  version: CaikitWireVersion,
  renames: CaikitRenames = {},
): CaikitSurface {
  const services: SurfaceService[] = [];
  const domains = new Map<string, CaikitFace[]>();
  for (const face of faces) {
    const { domain, package: pkg } = serviceNaming(face.library, renames);
    const key = `${pkg}.${domain}`;
    domains.set(key, [...domains.get(key) ?? [], face]);
  }
  for (const members of domains.values()) {
    const { domain, package: pkg } = serviceNaming(members[0].library, renames);
    const tasks = [...new Set(members.map((face) => predictRpc(face.task.name)))];
    services.push({ name: inferenceServiceName(domain, pkg), methods: tasks, adminMethods: [] });
    const trains = members.filter((face) => face.training)
      .map((face) => trainRpc(face.task.name, face.module.name));
    if (trains.length > 0) {
      services.push({
        name: trainingServiceName(domain, pkg),
        methods: trains,
        adminMethods: trains,
      });
    }
  }
  services.push({
    name: TRAINING_MANAGEMENT_SERVICE,
    methods: ["GetTrainingStatus", "CancelTraining"],
    adminMethods: ["CancelTraining"],
  });
  if (version.management) {
    services.push(
      { name: INFO_SERVICE, methods: ["GetRuntimeInfo", "GetModelsInfo"], adminMethods: [] },
      {
        name: MODEL_MANAGEMENT_SERVICE,
        methods: ["DeployModel", "UndeployModel"],
        adminMethods: ["DeployModel", "UndeployModel"],
      },
    );
  }
  services.push({
    name: MMESH_SERVICE,
    methods: MMESH_METHODS,
    adminMethods: ["loadModel", "unloadModel"],
  });
  let installed: { schema: CaikitSchema; built: CaikitDefinitions } | null = null;
  const definitions = new Map<string, grpc.ServiceDefinition>();
  const ready = () => {
    if (installed === null) throw new Error("the Caikit definitions are not installed yet");
    return installed;
  };
  const surface: CaikitSurface = {
    version,
    faces,
    renames,
    services,
    get installed() {
      return installed !== null;
    },
    install(schema, built) {
      installed ??= { schema, built };
    },
    schema: () => ready().schema,
    built: () => ready().built,
    definition(name) {
      let definition = definitions.get(name);
      if (definition) return definition;
      const service = services.find((each) => each.name === name);
      if (!service) throw new Error(`the Caikit door serves no ${name}`);
      definition = lazyDefinition(
        service,
        () => surface.built().service(name),
        () => surface.installed,
      );
      definitions.set(name, definition);
      return definition;
    },
  };
  return surface;
}

/**
 * A unary service's definition whose serializers and types come from `real`
 * once `ready`; before that, requests are kept as bytes.
 */
function lazyDefinition(
  service: SurfaceService,
  real: () => grpc.ServiceDefinition,
  ready: () => boolean,
): grpc.ServiceDefinition {
  const methods: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const name of service.methods) {
    const method = () => {
      const found = real()[name];
      if (!found) throw new Error(`${service.name} has no method ${name}`);
      return found as grpc.MethodDefinition<object, object>;
    };
    methods[name] = {
      path: `/${service.name}/${name}`,
      requestStream: false,
      responseStream: false,
      originalName: name[0].toLowerCase() + name.slice(1),
      requestSerialize: (value) => method().requestSerialize(value),
      requestDeserialize: (bytes) =>
        ready()
          ? method().requestDeserialize(bytes)
          : { pendingBytes: new Uint8Array(bytes) } satisfies PendingRequest,
      responseSerialize: (value) => method().responseSerialize(value),
      responseDeserialize: (bytes) => method().responseDeserialize(bytes),
      get requestType() {
        return (method() as unknown as { requestType: unknown }).requestType;
      },
      get responseType() {
        return (method() as unknown as { responseType: unknown }).responseType;
      },
    } as grpc.MethodDefinition<object, object>;
  }
  return methods as grpc.ServiceDefinition;
}
