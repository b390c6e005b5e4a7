/**
 * gRPC server reflection (`grpc.reflection.v1` and `v1alpha`) for the
 * services mounted on the server, through the @grpc/reflection package.
 *
 * That package (1.0.4) files the symbols of a proto without a `package` under
 * a leading dot: it lists the Modzy service as `.ModzyModel` and answers
 * NOT_FOUND for `ModzyModel` or `RunRequest`. The Modzy proto must stay
 * package-less, so this module corrects the conversation around the
 * library, without changing it: listed service names lose the leading dot,
 * and a symbol lookup that fails is retried once with the dot the library
 * expects. The descriptors themselves are the library's.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";

/** The reflection services' own full names. */
export const REFLECTION_SERVICES = [
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
] as const;

/** A reflection request as the library decodes it (camel-case fields). */
interface ReflectionRequest {
  fileContainingSymbol?: string;
  messageRequest?: string;
  [field: string]: unknown;
}

/** A reflection response as the library builds it. */
interface ReflectionResponse {
  originalRequest?: ReflectionRequest;
  listServicesResponse?: { service: { name: string }[] };
  errorResponse?: { errorCode: number };
  [field: string]: unknown;
}

/** The part of a bidirectional call the library's handler uses. */
interface ReflectionStream {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  write(message: unknown): boolean;
  end(): void;
}

const NOT_FOUND = 5;

/** What @grpc/proto-loader puts on each method: the message types with their file descriptors. */
interface MethodTypes {
  readonly requestType?: { readonly fileDescriptorProtos?: unknown };
  readonly responseType?: { readonly fileDescriptorProtos?: unknown };
}

/**
 * Adds reflection to `server` for `services` (the definitions mounted on it,
 * as produced by @grpc/proto-loader; their messages' file descriptors are
 * taken from the definitions). Reflection lists itself too.
 */
export function addReflectionService(
  server: Pick<grpc.Server, "addService">,
  services: readonly grpc.ServiceDefinition[],
): void {
  const reflection = new ReflectionService(packageOf([...services, ...reflectionDefinitions()]));
  reflection.addToServer({
    addService(definition, implementation) {
      const handler = implementation.ServerReflectionInfo as (stream: ReflectionStream) => void;
      server.addService(definition, {
        ServerReflectionInfo: (stream: ReflectionStream) => handler(correctedStream(stream)),
      });
    },
  });
}

/** The definitions of the reflection services themselves, as the library mounts them. */
function reflectionDefinitions(): grpc.ServiceDefinition[] {
  const definitions: grpc.ServiceDefinition[] = [];
  new ReflectionService({}).addToServer({
    addService: (definition) => void definitions.push(definition),
  });
  return definitions;
}

/**
 * A package definition the library can read, made of the file descriptors
 * every method's request and response types carry.
 */
function packageOf(services: readonly grpc.ServiceDefinition[]): PackageDefinition {
  const root: Record<string, unknown> = {};
  let index = 0;
  for (const service of services) {
    for (const method of Object.values(service) as MethodTypes[]) {
      for (const type of [method.requestType, method.responseType]) {
        const descriptors = type?.fileDescriptorProtos;
        if (Array.isArray(descriptors)) {
          root[`type${index++}`] = { fileDescriptorProtos: descriptors };
        }
      }
    }
  }
  return root as unknown as PackageDefinition;
}

/**
 * Wraps the call `stream` so the library sees and writes corrected messages:
 * package-less service names without the leading dot, and symbol lookups
 * retried with it.
 */
function correctedStream(stream: ReflectionStream): ReflectionStream {
  let askLibrary: ((message: unknown) => void) | null = null;
  let retrying: ReflectionRequest | null = null;
  const shim: ReflectionStream = {
    on(event, listener) {
      if (event !== "data") return stream.on(event, listener);
      askLibrary = listener;
      return stream.on("data", (message) => listener(message));
    },
    write(message) {
      const response = message as ReflectionResponse;
      const asked = response.originalRequest;
      const symbol = asked?.fileContainingSymbol;
      if (
        retrying === null && askLibrary && symbol && !symbol.startsWith(".") &&
        response.errorResponse?.errorCode === NOT_FOUND
      ) {
        retrying = asked;
        askLibrary({ ...asked, fileContainingSymbol: `.${symbol}` });
        return true;
      }
      if (retrying !== null) {
        const original = retrying;
        retrying = null;
        if (response.errorResponse) response.errorResponse = { ...response.errorResponse };
        return stream.write({ ...response, originalRequest: original });
      }
      return stream.write(withoutLeadingDots(response));
    },
    end: () => stream.end(),
  };
  return shim;
}

function withoutLeadingDots(response: ReflectionResponse): ReflectionResponse {
  const list = response.listServicesResponse;
  if (!list) return response;
  return {
    ...response,
    listServicesResponse: {
      service: list.service.map((entry) => ({ ...entry, name: entry.name.replace(/^\./, "") })),
    },
  };
}
