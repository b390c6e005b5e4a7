/**
 * The runtime's HTTP server on `Deno.serve`: one port, a small route table
 * that doors extend (`addRoutes`), JSON errors for unknown paths and
 * methods (in a protocol's own shape under the path prefixes it declares,
 * `addErrorScopes`), and an orderly stop. It holds no protocol logic of its
 * own.
 *
 * @module
 */
import {
  errorScopeOf,
  type HttpErrorScope,
  type HttpRoute,
  matchPath,
} from "../protocols/wire/http_route.ts";
import { RuntimeError } from "../base/errors.ts";
import { errorResponse, jsonResponse } from "../protocols/wire/http_status.ts";
import { BodyTooLarge, CONTENT_TOO_LARGE, limitBody } from "./http_body_limit.ts";
import type { Logger } from "../base/log.ts";
import type { TlsMaterial } from "../base/tls.ts";

/** How to start the HTTP server. */
export interface HttpServerOptions {
  /** Port; 0 picks a free one. */
  readonly port: number;
  /** Listen address; default all interfaces (`0.0.0.0`). */
  readonly hostname?: string;
  /** Routes to start with; more can be added later with {@link HttpServer.addRoutes}. */
  readonly routes?: readonly HttpRoute[];
  /**
   * When the server starts before its routes are all added: called by a
   * request that arrives meanwhile, it resolves once they are; the request
   * then goes on. Absent: the routes are complete.
   */
  readonly untilRouted?: () => Promise<void>;
  /** Where to log. */
  readonly log: Logger;
  /** Share the port with other processes (`SO_REUSEPORT`; needs `--unstable-net`). */
  readonly reusePort?: boolean;
  /**
   * Serve HTTPS with this certificate and key. Deno.serve cannot ask for
   * client certificates (denoland/deno#26825), so a CA here is not enforced.
   */
  readonly tls?: TlsMaterial | null;
  /** The largest request body taken, in bytes (http_body_limit.ts); absent: no limit. */
  readonly maxBodyBytes?: number;
}

/**
 * A running HTTP server. A class because it has a life cycle (start, serve,
 * stop) and a route table that grows as doors are mounted.
 *
 * @example
 * ```ts ignore
 * const http = await HttpServer.start({ port: 0, log, routes: oipRestRoutes(dataPlane) });
 * http.addRoutes([{ method: "GET", path: "/metrics", handle: () => new Response("") }]);
 * await http.stop();
 * ```
 */
export class HttpServer {
  /** The port actually bound. */
  readonly port: number;
  readonly #routes: HttpRoute[];
  readonly #scopes: HttpErrorScope[];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  #stopping: Promise<void> | null = null;

  private constructor(
    server: Deno.HttpServer<Deno.NetAddr>,
    routes: HttpRoute[],
    scopes: HttpErrorScope[],
  ) {
    this.#server = server;
    this.#routes = routes;
    this.#scopes = scopes;
    this.port = server.addr.port;
  }

  /** Binds the port and starts answering. */
  static start(options: HttpServerOptions): Promise<HttpServer> {
    const routes = [...(options.routes ?? [])];
    const scopes: HttpErrorScope[] = [];
    const hostname = options.hostname ?? "0.0.0.0";
    let untilRouted = options.untilRouted ?? null;
    const limit = options.maxBodyBytes ?? Infinity;
    const route = (request: Request): Promise<Response> => {
      if (untilRouted === null) return dispatch(routes, scopes, request, limit);
      return untilRouted().then(() => {
        untilRouted = null;
        return dispatch(routes, scopes, request, limit);
      });
    };
    return new Promise((resolve, reject) => {
      let server: Deno.HttpServer<Deno.NetAddr>;
      try {
        const tls = options.tls?.cert && options.tls.key
          ? { cert: decoder.decode(options.tls.cert), key: decoder.decode(options.tls.key) }
          : {};
        server = Deno.serve({
          ...tls,
          port: options.port,
          hostname,
          ...(options.reusePort ? { reusePort: true } : {}),
          onListen: () => {},
          onError: (error) => {
            options.log.error("HTTP handler failed", { error });
            return errorResponse(error);
          },
        }, route);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        reject(new Error(`cannot listen on ${hostname}:${options.port} (HTTP): ${reason}`));
        return;
      }
      resolve(new HttpServer(server, routes, scopes));
    });
  }

  /** Adds routes, matched after the ones already there. */
  addRoutes(routes: readonly HttpRoute[]): void {
    this.#routes.push(...routes);
  }

  /**
   * Lets a protocol answer the failures under its path prefixes (unknown
   * paths and methods included) in its own shape.
   */
  addErrorScopes(scopes: readonly HttpErrorScope[]): void {
    this.#scopes.push(...scopes);
  }

  /** Stops accepting connections and lets requests in flight finish. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#server.shutdown();
    return this.#stopping;
  }
}

const decoder = new TextDecoder();

async function dispatch(
  routes: readonly HttpRoute[],
  scopes: readonly HttpErrorScope[],
  request: Request,
  maxBodyBytes: number,
): Promise<Response> {
  const { pathname } = new URL(request.url);
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params === null) continue;
    pathMatched = true;
    if (route.method !== request.method) continue;
    try {
      return await route.handle(await limitBody(request, maxBodyBytes), params);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) return errorResponse(error, route.errorAnswer);
      return route.errorAnswer
        ? route.errorAnswer(error, CONTENT_TOO_LARGE)
        : jsonResponse({ error: error.message }, CONTENT_TOO_LARGE);
    }
  }
  const scope = errorScopeOf(scopes, pathname);
  if (pathMatched) {
    const message = `${request.method} is not allowed on ${pathname}`;
    return scope
      ? scope.errorAnswer(new RuntimeError("bad_request", message), 405)
      : jsonResponse({ error: message }, 405);
  }
  const message = `no such endpoint: ${pathname}`;
  return scope
    ? scope.errorAnswer(new RuntimeError("not_found", message))
    : jsonResponse({ error: message }, 404);
}
