/**
 * Serve's hardening flags (runtime/cli/flags/hardening_flags.ts): limits,
 * drain grace, TLS files and tokens from flags, environment and the config
 * file; wrong values are usage errors naming the flag.
 */
import assert from "node:assert/strict";
import { parseCommandLine } from "../../../../runtime/cli/flags.ts";
import { DEFAULT_GRACE_MS, DEFAULT_MAX_MESSAGE_BYTES } from "../../../../runtime/base/limits.ts";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

const serve = (args: string[], env: Record<string, string> = {}, file = "") =>
  optionsOf("serve", ["--serve", ...args], env, file);

Deno.test("hardening flags: defaults, flags, environment and config file", () => {
  const defaults = serve([]);
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
  ]);
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
  });
  assert.deepEqual([fromEnv.adminToken, fromEnv.token, fromEnv.graceMs], ["a", "t", 500]);
  const fromFile = serve(["--config", "/etc/rt.yaml"], {}, "grace: 1m\ntls: { ca: ca.pem }\n");
  assert.deepEqual([fromFile.graceMs, fromFile.tlsCa], [60_000, "/etc/ca.pem"]);
  const limits = serve(
    ["--config", "/etc/rt.yaml"],
    {},
    "max_message_size: 2K\nmax_concurrent: 2\nmax_queue: 3\nno_admin: yes\n",
  );
  assert.deepEqual(
    [limits.maxMessageBytes, limits.maxConcurrentRequests, limits.maxQueuedRequests],
    [2048, 2, 3],
  );
  assert.equal(limits.noAdmin, true);
});

Deno.test("hardening flags: wrong values are usage errors naming the flag", () => {
  const bad = (args: string[]) => usageErrorOf(["--serve", ...args]);
  assert.match(bad(["--grace", "soon"]), /--grace takes a duration/);
  assert.match(bad(["--grace", "2h"]), /--grace takes a duration up to 1h/);
  assert.match(bad(["--max-message-size", "12"]), /--max-message-size takes/);
  assert.match(bad(["--max-message-size", "3G"]), /--max-message-size takes/);
  assert.match(bad(["--max-concurrent", "0"]), /--max-concurrent takes/);
  assert.match(bad(["--max-queue", "-1"]), /--max-queue takes|Unknown|ambiguous/);
  assert.match(bad(["--max-queue=-1"]), /--max-queue takes a whole number from 0 to 1000000/);
  assert.match(
    usageErrorOf([], { MODEL_RUNTIME_GRACE: "later" }),
    /^MODEL_RUNTIME_GRACE takes a duration/,
  );
  const infer = parseCommandLine(["--infer", "--no-admin"]);
  assert.equal(infer.kind, "usage-error");
  const client = parseCommandLine(["--infer", "--tls-ca", "ca.pem", "--token", "t"]);
  assert.equal(client.kind, "run");
});
