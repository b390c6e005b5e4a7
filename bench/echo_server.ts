/**
 * The benchmark's yardstick: a `ModzyModel` server on the same grpc-js stack,
 * proto and service definition (codecs included) as the runtime whose Run
 * answers a fixed RunResponse (the iris answer to one item) without looking
 * at the decoded request. Run it as
 * `deno run -A bench/echo_server.ts PORT`.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { modzyServiceDefinition } from "../runtime/protocols/modzy/modzy_service.ts";
import { projectPath } from "../runtime/base/assets.ts";

const RESULT = Deno.readFileSync(
  projectPath("asset_bundle", "0.1.0", "test_cases", "setosa-line-4", "results.json"),
);

/** Starts the echo server on `port` (0: a free one) and resolves with the bound port. */
export function startEcho(port: number): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  const answer = {
    status_code: 200,
    status: "OK",
    message: "Inference executed",
    outputs: [{ output: { "results.json": RESULT }, success: true }],
  };
  // The server's own definition (its Run codec included), so only the handler differs.
  server.addService(modzyServiceDefinition(), {
    Status: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, { status_code: 200, status: "OK", message: "Model Already Initialized." }),
    Run: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, answer),
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, { status_code: 200, status: "OK", message: "bye" }),
  });
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, bound) => {
      if (e) reject(e);
      else resolve({ port: bound, server });
    });
  });
}

if (import.meta.main) {
  const { server } = await startEcho(Number(Deno.args[0] ?? 0));
  const stop = () => server.tryShutdown(() => Deno.exit(0));
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
