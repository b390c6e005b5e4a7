/**
 * `--health-check`: ask a running server's gRPC health service whether it is
 * serving; exit 0 when it is, 1 otherwise. Loads no model code, so it is cheap
 * enough for a container HEALTHCHECK.
 *
 * @module
 */
import { checkHealth } from "../client/health_client.ts";
import type { Logger } from "../base/log.ts";
import type { HealthCheckOptions } from "./flags/health_check_flags.ts";
import { describeCallError } from "./target.ts";
import { clientConnection } from "../client/client_security.ts";

/** Checks the server's overall health; prints its status; returns the exit code. */
export async function healthCheckCommand(
  options: HealthCheckOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  const target = options.target;
  try {
    const status = await checkHealth(target, "", 5_000, clientConnection(options, target));
    print(status);
    return status === "SERVING" ? 0 : 1;
  } catch (error) {
    log.error(describeCallError(error, target));
    print("UNREACHABLE");
    return 1;
  }
}
