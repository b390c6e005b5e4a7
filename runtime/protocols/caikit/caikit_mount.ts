/**
 * Mounts the Caikit door (loaded lazily by its descriptor, in the server's
 * late stage): derives the messages from the modules' faces, builds the
 * protobufjs Root once per process and installs both on the surface (whose
 * stand-ins answer meanwhile), then adds every service's handlers and,
 * with an HTTP port, answers its HTTP routes and error scopes. A surface
 * that grew past the one declared at start (code models' faces,
 * caikit_code_faces.ts) mounts the services declared then with their
 * stand-ins' definitions and adds the others to the running server.
 *
 * @module
 */
import type { ProtocolContext, ProtocolMount } from "../protocol.ts";
import { buildCaikitDefinitions, mergeNested } from "./caikit_definitions.ts";
import { caikitImplementations } from "./caikit_grpc.ts";
import { caikitHttpRoutes } from "./caikit_http.ts";
import { caikitErrorScopes } from "./caikit_route.ts";
import { caikitInfoImplementations } from "./caikit_info_grpc.ts";
import { CAIKIT_GRPC_DOOR, MMESH_SERVICE, TRAINING_MANAGEMENT_SERVICE } from "./caikit_names.ts";
import { type CaikitSchema, deriveCaikitSchema } from "./caikit_schema.ts";
import { CAIKIT_PROTOCOL, caikitSettings } from "./caikit_settings.ts";
import type { CaikitSurface } from "./caikit_surface.ts";
import { mmeshImplementation } from "./mmesh_service.ts";
import { addCaikitCompleters } from "./caikit_training.ts";
import { MMESH_JSON } from "./mmesh_schema.ts";
import { INFO_JSON, INFO_SERVICE, MODEL_MANAGEMENT_SERVICE } from "./caikit_info_schema.ts";

/** Derives, builds and installs the definitions of `surface` unless they are installed. */
export async function installCaikitDefinitions(surface: CaikitSurface): Promise<void> {
  if (surface.installed) return;
  const schema = deriveCaikitSchema(surface.faces, surface.version, surface.renames);
  checkSurface(surface, schema);
  const fixed = surface.version.management ? [MMESH_JSON, INFO_JSON] : [MMESH_JSON];
  surface.install(schema, await buildCaikitDefinitions(mergeNested(schema.json, ...fixed)));
}

/**
 * Mounts every service of `surface` with `context`; `declared` is the
 * surface whose services were declared at start (their stand-ins hold its
 * definitions): `surface` itself, or one it extends.
 */
export async function mountCaikit(
  context: ProtocolContext,
  surface: CaikitSurface,
  declared: CaikitSurface = surface,
): Promise<ProtocolMount> {
  await installCaikitDefinitions(declared);
  await installCaikitDefinitions(surface);
  const settings = caikitSettings(context.settings.protocols?.[CAIKIT_PROTOCOL]);
  if (context.training) addCaikitCompleters(context.training, surface.faces);
  const training = { jobs: context.training, replaceServed: settings.replaceServed };
  const implementations = caikitImplementations(surface, {
    dataPlane: context.dataPlane,
    training,
    log: context.log,
  });
  if (!context.repository) throw new Error("the Caikit door needs the model repository");
  const wireVersion = surface.version.version;
  implementations.set(
    MMESH_SERVICE,
    mmeshImplementation({
      dataPlane: context.dataPlane,
      repository: context.repository,
      predictPaths: surface.schema().predicts.map((each) => `/${each.service}/${each.rpc}`),
      wireVersion,
    }),
  );
  if (surface.version.management) {
    const models = { dataPlane: context.dataPlane, repository: context.repository, wireVersion };
    for (const [name, implementation] of caikitInfoImplementations(surface, models)) {
      implementations.set(name, implementation);
    }
  }
  for (const service of surface.services) {
    const implementation = implementations.get(service.name);
    if (!implementation) throw new Error(`the Caikit door has no handlers for ${service.name}`);
    const standIn = declared.services.some((each) => each.name === service.name);
    context.addService((standIn ? declared : surface).definition(service.name), implementation);
  }
  context.log.debug("Caikit door mounted", {
    door: CAIKIT_GRPC_DOOR,
    services: surface.services.map((each) => each.name).join(","),
  });
  if (!context.settings.http) return {};
  const routes = caikitHttpRoutes(surface, {
    dataPlane: context.dataPlane,
    training,
    repository: context.repository,
    log: context.log,
  });
  return { routes, httpErrorScopes: caikitErrorScopes() };
}

/** Throws when the services the surface declared differ from those derived. */
function checkSurface(surface: CaikitSurface, schema: CaikitSchema): void {
  const fixed = new Set([
    TRAINING_MANAGEMENT_SERVICE,
    MMESH_SERVICE,
    INFO_SERVICE,
    MODEL_MANAGEMENT_SERVICE,
  ]);
  const declared = surface.services.filter((each) => !fixed.has(each.name));
  const derived = new Map<string, string[]>(schema.services.map((name) => [name, []]));
  for (const each of [...schema.predicts, ...schema.trains]) {
    derived.get(each.service)!.push(each.rpc);
  }
  const text = (services: [string, readonly string[]][]) => JSON.stringify(services);
  const mine = text(declared.map((each) => [each.name, each.methods]));
  if (mine !== text([...derived])) {
    throw new Error(`the Caikit services declared (${mine}) differ from those derived`);
  }
}
