/**
 * Loads the runtime's `.proto` files at run time with @grpc/proto-loader,
 * resolved through the one asset module, and caches each package definition.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath } from "../assets.ts";

/** Options shared by every service: field names as in the .proto, 64-bit ints as strings. */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

const definitions = new Map<string, protoLoader.PackageDefinition>();

/** The proto-loader package definition of a file in `protos/`, loaded once. */
export function packageDefinition(fileName: string): protoLoader.PackageDefinition {
  let definition = definitions.get(fileName);
  if (!definition) {
    definition = protoLoader.loadSync(protoPath(fileName), LOADER_OPTIONS);
    definitions.set(fileName, definition);
  }
  return definition;
}

/** The grpc-js object tree (services and client constructors) of a file in `protos/`. */
export function grpcObject(fileName: string): grpc.GrpcObject {
  return grpc.loadPackageDefinition(packageDefinition(fileName));
}

/** The service definition named `serviceName` (full name, e.g. `ModzyModel`) in `fileName`. */
export function serviceDefinition(
  fileName: string,
  serviceName: string,
): grpc.ServiceDefinition {
  const definition = packageDefinition(fileName)[serviceName];
  // Message and enum definitions carry a `format` key; service definitions do not.
  if (!definition || "format" in definition) {
    throw new Error(`${fileName} has no service ${serviceName}`);
  }
  return definition as grpc.ServiceDefinition;
}
