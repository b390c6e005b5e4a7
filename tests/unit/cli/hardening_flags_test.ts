import assert from "node:assert/strict";
import { type CommandOptions, parseCommandLine } from "../../../runtime/cli/flags.ts";
import { DEFAULT_GRACE_MS } from "../../../runtime/cli/hardening_flags.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../../../runtime/base/limits.ts";

function serve(
  args: string[],
  env: Record<string, string> = {},
  file = "",
): CommandOptions | string {
  const command = parseCommandLine(["--serve", ...args], (name) => env[name], () => file);
  if (command.kind === "run") return command.options;
  return command.kind === "usage-error" ? command.message : command.kind;
}

Deno.test("hardening flags: defaults, flags, environment and config file", () => {
  const defaults = serve([]) as CommandOptions;
  assert.equal(defaults.graceMs, DEFAULT_GRACE_MS);
  assert.equal(defaults.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
  assert.equal(defaults.noAdmin, false);
  assert.equal(defaults.maxConcurrentRequests, undefined);
  const given = serve([
    "--grace",
    "2.5",
    "--max-message-size",
    "4M",
    "--max-concurrent",
    "8",
    "--max-queue",
    "0",
    "--no-admin",
    "--tls-ca",
    "ca.pem",
  ]) as CommandOptions;
  assert.equal(given.graceMs, 2500);
  assert.equal(given.maxMessageBytes, 4 * 1024 * 1024);
  assert.equal(given.maxConcurrentRequests, 8);
  assert.equal(given.maxQueuedRequests, 0);
  assert.equal(given.noAdmin, true);
  assert.equal(given.tlsCa, "ca.pem");
  const fromEnv = serve([], {
    MODEL_RUNTIME_ADMIN_TOKEN: "a",
    MODEL_RUNTIME_TOKEN: "t",
    MODEL_RUNTIME_GRACE: "500ms",
  }) as CommandOptions;
  assert.deepEqual([fromEnv.adminToken, fromEnv.token, fromEnv.graceMs], ["a", "t", 500]);
  const fromFile = serve(["--config", "/etc/rt.yaml"], {}, "grace: 1m\ntls: { ca: ca.pem }\n");
  assert.deepEqual(
    [(fromFile as CommandOptions).graceMs, (fromFile as CommandOptions).tlsCa],
    [60_000, "/etc/ca.pem"],
  );
});

Deno.test("hardening flags: wrong values are usage errors naming the flag", () => {
  assert.match(serve(["--grace", "soon"]) as string, /--grace takes a duration/);
  assert.match(serve(["--grace", "2h"]) as string, /--grace takes a duration up to 1h/);
  assert.match(serve(["--max-message-size", "12"]) as string, /--max-message-size takes/);
  assert.match(serve(["--max-message-size", "3G"]) as string, /--max-message-size takes/);
  assert.match(serve(["--max-concurrent", "0"]) as string, /--max-concurrent takes/);
  assert.match(serve(["--max-queue", "-1"]) as string, /--max-queue takes|Unknown|ambiguous/);
  const infer = parseCommandLine(["--infer", "--no-admin"]);
  assert.equal(infer.kind, "usage-error");
  const client = parseCommandLine(["--infer", "--tls-ca", "ca.pem", "--token", "t"]);
  assert.equal(client.kind, "run");
});
