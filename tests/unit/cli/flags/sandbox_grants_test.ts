/**
 * Sandbox grants from flag declarations (runtime/cli/flags/sandbox_grants.ts):
 * serve's path flags to read (and the training folder to write) and its two
 * ports, in declaration order.
 */
import assert from "node:assert/strict";
import { sandboxGrants } from "../../../../runtime/cli/flags/sandbox_grants.ts";
import { SERVE_MODE } from "../../../../runtime/cli/flags/serve_flags.ts";
import { optionsOf } from "../../../support/flags.ts";

Deno.test("serve's grants: every path flag given to read, the training folder to write, both ports", () => {
  const options = optionsOf(
    "serve",
    [
      "--config",
      "rt.yaml",
      "--tls-ca",
      "c",
      "--tls-key",
      "b",
      "--tls-cert",
      "a",
      "--training-dir",
      "t",
      "--models",
      "/abs/m",
      "--bundle",
      "x",
      "--port",
      "1",
      "--http-port",
      "2",
    ],
    {},
    "",
  );
  assert.deepEqual(sandboxGrants(SERVE_MODE.flags, options), {
    read: ["x", "/abs/m", "t", "a", "b", "c", "rt.yaml"],
    write: ["t"],
    listen: [1, 2],
  });
  assert.deepEqual(sandboxGrants(SERVE_MODE.flags, optionsOf("serve", [])), {
    read: [],
    write: [],
    listen: [45000, 8080],
  });
});

Deno.test("which serve flags the sandbox grants something for", () => {
  const granted = Object.values(SERVE_MODE.flags)
    .filter((flag) => flag.grant !== undefined)
    .map((flag) => `${flag.name}:${flag.grant}`);
  assert.deepEqual(granted, [
    "bundle:read",
    "models:read",
    "port:listen",
    "http-port:listen",
    "training-dir:read-write",
    "tls-cert:read",
    "tls-key:read",
    "tls-ca:read",
    "config:read",
  ]);
});
