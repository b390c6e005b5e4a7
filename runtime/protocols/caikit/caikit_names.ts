/**
 * Caikit's naming rules (caikit-wire.md §1, §4): the domain of a library,
 * the packages and services generated for it, the RPC and request names of
 * tasks and trainable modules, the names of data-stream sources and of
 * union members. Pure functions of the declared names.
 *
 * @module
 */
import type { CaikitType } from "../../model/caikit_face.ts";
import { isDataObject, isEnum } from "../../model/caikit_face.ts";

/** `snake_case` to `UpperCamel` (`caikit_template` → `CaikitTemplate`). */
export function upperCamel(snake: string): string {
  return snake.split("_").filter((part) => part !== "")
    .map((part) => part[0].toUpperCase() + part.slice(1)).join("");
}

/** The domain of `library`: UpperCamel of the library minus a leading `caikit_`. */
export function domainOf(library: string): string {
  return upperCamel(library.replace(/^caikit_/, ""));
}

/** The package of a domain's generated services and requests, `caikit.runtime.<Domain>`. */
export function runtimePackage(domain: string): string {
  return `caikit.runtime.${domain}`;
}

/**
 * Caikit's service-generation renames (`runtime.service_generation.domain`
 * and `.package`): absent ones are derived from the library.
 */
export interface CaikitRenames {
  /** The domain instead of the one derived from the library. */
  readonly domain?: string;
  /** The package of the generated services instead of `caikit.runtime.<domain>`. */
  readonly package?: string;
}

/** Where a library's services are generated: their domain and proto package. */
export interface ServiceNaming {
  /** The domain (`Template`): services `<domain>Service`, `<domain>TrainingService`. */
  readonly domain: string;
  /** The proto package of the services and their requests (`caikit.runtime.Template`). */
  readonly package: string;
}

/** The naming of `library`'s services with Caikit's `renames` applied. */
export function serviceNaming(library: string, renames: CaikitRenames = {}): ServiceNaming {
  const domain = renames.domain ?? domainOf(library);
  return { domain, package: renames.package ?? runtimePackage(domain) };
}

/** The inference service of a domain (`caikit.runtime.<Domain>.<Domain>Service`). */
export function inferenceServiceName(domain: string, pkg = runtimePackage(domain)): string {
  return `${pkg}.${domain}Service`;
}

/** The training service of a domain (`caikit.runtime.<Domain>.<Domain>TrainingService`). */
export function trainingServiceName(domain: string, pkg = runtimePackage(domain)): string {
  return `${pkg}.${domain}TrainingService`;
}

/** The gRPC door's label in metrics and logs. */
export const CAIKIT_GRPC_DOOR = "caikit-grpc";

/** The HTTP door's label in metrics and logs. */
export const CAIKIT_HTTP_DOOR = "caikit-http";

/** The training management service (both wire versions). */
export const TRAINING_MANAGEMENT_SERVICE = "caikit.runtime.training.TrainingManagement";

/** The ModelMesh model-runtime service. */
export const MMESH_SERVICE = "mmesh.ModelRuntime";

/** A task's predict RPC, `<Task>Predict`. */
export function predictRpc(task: string): string {
  return `${task}Predict`;
}

/** A task's request message, `<Task>Request`. */
export function predictRequest(task: string): string {
  return `${task}Request`;
}

/** A module's train RPC for a task, `<Task><Module>Train`. */
export function trainRpc(task: string, moduleName: string): string {
  return `${task}${moduleName}Train`;
}

/** A train RPC's request message, `<Task><Module>TrainRequest`. */
export function trainRequest(task: string, moduleName: string): string {
  return `${trainRpc(task, moduleName)}Request`;
}

/** The Python name of a type (`str`, `int`, a class name, `List`), as Caikit names members by. */
export function pythonName(type: CaikitType): string {
  if (isDataObject(type) || isEnum(type)) return type.name;
  if (typeof type === "string") return type === "dict" ? "JsonDict" : type;
  return "list" in type ? `List${upperCamel(pythonName(type.list))}` : "Union";
}

/** The oneof member of a union field for one of its types: `<field>_<type lowercased>`. */
export function unionMember(field: string, type: CaikitType): string {
  return `${field}_${pythonName(type).toLowerCase()}`;
}

/** The `DataStreamSource<T>` message for records of type `element`. */
export function dataStreamSource(element: CaikitType): string {
  return `DataStreamSource${upperCamel(pythonName(element))}`;
}

/**
 * The route of a task on Caikit's HTTP API: `<Task>` minus a trailing
 * `Task`, UpperCamel to kebab (`HelloWorldTask` → `hello-world`).
 */
export function taskRoute(task: string): string {
  return task.replace(/Task$/, "").replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2").toLowerCase();
}
