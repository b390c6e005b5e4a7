/**
 * `--health-check`: its flags. To add one, add its declaration here (see flag.ts).
 *
 * @module
 */
import type { OptionsOf } from "./flag.ts";
import { defineMode } from "./mode_spec.ts";
import { CLIENT_SECURITY_FLAGS, LOGGING_FLAGS, TARGET_FLAG } from "./common_flags.ts";

/** The health-check mode: its help and its flags. */
export const HEALTH_CHECK_MODE = defineMode({
  mode: "health-check",
  summary: "ask a server's grpc.health.v1 service",
  usage: ["--health-check [--target HOST:PORT] [FLAGS]"],
  about: "Calls Health/Check for the whole server; exit 0 when it answers SERVING, 1 " +
    "otherwise (not serving, unreachable, or no answer within 5 s). Meant for a container " +
    "HEALTHCHECK.",
  flags: {
    target: TARGET_FLAG,
    ...CLIENT_SECURITY_FLAGS,
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--health-check`. */
export type HealthCheckOptions = OptionsOf<typeof HEALTH_CHECK_MODE.flags>;
