/**
 * `--infer`'s flags (runtime/cli/flags/infer_flags.ts): the server (by
 * default this host's model port), input files as name=path, JSON output and
 * the client's TLS files and token.
 */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("infer parses its flags: target, repeated inputs, json, client security", () => {
  const infer = optionsOf("infer", [
    "--infer",
    "--target",
    "h:1",
    "--input",
    "input.json=a/b.json",
    "--input",
    "x=y=z",
    "--json",
    "--tls-ca",
    "ca.pem",
    "--tls-cert",
    "c.pem",
    "--tls-key",
    "k.pem",
    "--token",
    "t",
    "--bundle",
    "b",
  ]);
  assert.equal(infer.target, "h:1");
  assert.deepEqual(infer.inputs, [
    { name: "input.json", path: "a/b.json" },
    { name: "x", path: "y=z" },
  ]);
  assert.equal(infer.json, true);
  assert.deepEqual([infer.tlsCa, infer.tlsCert, infer.tlsKey, infer.token], [
    "ca.pem",
    "c.pem",
    "k.pem",
    "t",
  ]);
  assert.equal(infer.bundle, "b");
});

Deno.test("infer's target defaults to localhost at PSC_MODEL_PORT, else 45000", () => {
  assert.equal(optionsOf("infer", ["--infer"]).target, "localhost:45000");
  assert.equal(
    optionsOf("infer", ["--infer"], { PSC_MODEL_PORT: "46000" }).target,
    "localhost:46000",
  );
  assert.equal(
    optionsOf("infer", ["--infer"], { MODEL_RUNTIME_TARGET: "h:2", PSC_MODEL_PORT: "1" }).target,
    "h:2",
  );
  assert.equal(
    usageErrorOf(["--infer"], { PSC_MODEL_PORT: "x" }),
    "PSC_MODEL_PORT takes a port number 0-65535, got 'x'",
  );
});

Deno.test("--input comes from the command line only and takes name=path", () => {
  assert.deepEqual(optionsOf("infer", ["--infer"], { MODEL_RUNTIME_INPUT: "a=b" }).inputs, []);
  for (const spec of ["nopath", "=x", "x="]) {
    assert.equal(
      usageErrorOf(["--infer", "--input", spec]),
      `--input takes name=path, got '${spec}'`,
    );
  }
});
