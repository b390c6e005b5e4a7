/**
 * Field-by-field shapes of protobufjs Roots, for comparing what the runtime
 * derives with reference `.proto` files: a service's RPC signatures, and
 * every message and enum reachable from its RPCs (fields with names,
 * numbers, labels, resolved types and oneofs; enum values).
 *
 * @module
 */
import { dirname, join } from "node:path";
import protobuf from "protobufjs";

/** One field as compared. */
export interface FieldShape {
  readonly name: string;
  readonly id: number;
  readonly label: "singular" | "optional" | "repeated" | "map";
  readonly type: string;
  readonly keyType?: string;
  readonly oneof?: string;
}

/** A message or enum as compared. */
export type TypeShape =
  | {
    readonly kind: "message";
    readonly fields: readonly FieldShape[];
    readonly oneofs: Readonly<Record<string, readonly string[]>>;
  }
  | { readonly kind: "enum"; readonly values: Readonly<Record<string, number>> };

/** One RPC as compared. */
export interface MethodShape {
  readonly name: string;
  readonly requestType: string;
  readonly responseType: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

const full = (object: protobuf.ReflectionObject) => object.fullName.replace(/^\./, "");

/** Loads `.proto` files with protobufjs, resolving imports in `includeDirs` (then Google's). */
export function loadProtos(
  files: readonly string[],
  includeDirs: readonly string[],
): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    for (const dir of [dirname(origin), ...includeDirs]) {
      const path = join(dir, target);
      try {
        if (Deno.statSync(path).isFile) return path;
      } catch { /* next */ }
    }
    return target;
  };
  root.loadSync([...files], { keepCase: true });
  root.resolveAll();
  return root;
}

/** The RPCs of service `name` in `root`. */
export function serviceShape(root: protobuf.Root, name: string): MethodShape[] {
  return root.lookupService(name).methodsArray.map((method) => ({
    name: method.name,
    requestType: full(method.resolvedRequestType!),
    responseType: full(method.resolvedResponseType!),
    requestStream: method.requestStream ?? false,
    responseStream: method.responseStream ?? false,
  }));
}

function typeShape(type: protobuf.Type | protobuf.Enum): TypeShape {
  if (type instanceof protobuf.Enum) return { kind: "enum", values: { ...type.values } };
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id).map((field): FieldShape => {
    const resolved = field.resolvedType ? full(field.resolvedType) : field.type;
    const label = field.map
      ? "map"
      : field.repeated
      ? "repeated"
      : field.options?.proto3_optional
      ? "optional"
      : "singular";
    return {
      name: field.name,
      id: field.id,
      label,
      type: resolved,
      ...(field.map ? { keyType: (field as unknown as protobuf.MapField).keyType } : {}),
      ...(field.partOf ? { oneof: field.partOf.name } : {}),
    };
  });
  const oneofs = Object.fromEntries(
    type.oneofsArray.map((oneof) => [oneof.name, [...oneof.oneof]]),
  );
  return { kind: "message", fields, oneofs };
}

/** The shape of the message or enum `name` of `root`. */
export function typeShapeOf(root: protobuf.Root, name: string): TypeShape {
  const type = root.lookup(name);
  if (!(type instanceof protobuf.Type || type instanceof protobuf.Enum)) {
    throw new Error(`${name} is no message or enum`);
  }
  return typeShape(type);
}

/** Full names of the messages and enums declared directly in package `pkg` of `root`. */
export function packageTypes(root: protobuf.Root, pkg: string): string[] {
  const namespace = root.lookup(pkg);
  if (!(namespace instanceof protobuf.Namespace)) return [];
  return namespace.nestedArray
    .filter((each) => each instanceof protobuf.Type || each instanceof protobuf.Enum)
    .map((each) => full(each));
}

/** Every message and enum reachable from the RPCs of `services`, by full name. */
export function reachableShapes(
  root: protobuf.Root,
  services: readonly string[],
): Map<string, TypeShape> {
  const shapes = new Map<string, TypeShape>();
  const visit = (type: protobuf.Type | protobuf.Enum) => {
    const name = full(type);
    if (shapes.has(name)) return;
    shapes.set(name, typeShape(type));
    if (type instanceof protobuf.Type) {
      for (const field of type.fieldsArray) {
        const resolved = field.resolvedType;
        if (resolved instanceof protobuf.Type || resolved instanceof protobuf.Enum) visit(resolved);
      }
    }
  };
  for (const service of services) {
    for (const method of root.lookupService(service).methodsArray) {
      visit(method.resolvedRequestType!);
      visit(method.resolvedResponseType!);
    }
  }
  return shapes;
}
