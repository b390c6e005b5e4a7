/**
 * The runtime config file (runtime/cli/flags/config_file.ts): keys from the
 * declarations, nested keys, paths relative to the file, and errors naming
 * the file and key.
 */
import assert from "node:assert/strict";
import { parseConfigFile } from "../../../../runtime/cli/flags/config_file.ts";
import { SERVE_MODE } from "../../../../runtime/cli/flags/serve_flags.ts";

const parse = (text: string, file = "/etc/rt/runtime.yaml", cwd?: string) =>
  Object.fromEntries(
    [...parseConfigFile(text, file, SERVE_MODE.flags, cwd)].map(([key, input]) => [
      key,
      input.value,
    ]),
  );

Deno.test("serve's keys set its flags; path values are relative to the file", () => {
  assert.deepEqual(
    parse(
      "models_dir: ./m\ntraining_dir: /abs/t\nbundle: b\ngrpc_port: 1\nhttp_port: 2\nlazy: true\n" +
        "log_format: json\nlog_level: warn\ntls: { cert: c.pem, key: k.pem, ca: ca.pem }\n" +
        "grace: 1m\nmax_message_size: 4M\nmax_concurrent: 3\nmax_queue: 0\nno_admin: false\n",
    ),
    {
      models: "/etc/rt/m",
      trainingDir: "/abs/t",
      bundle: "/etc/rt/b",
      port: "1",
      httpPort: "2",
      lazy: "true",
      logFormat: "json",
      logLevel: "warn",
      tlsCert: "/etc/rt/c.pem",
      tlsKey: "/etc/rt/k.pem",
      tlsCa: "/etc/rt/ca.pem",
      graceMs: "1m",
      maxMessageBytes: "4M",
      maxConcurrentRequests: "3",
      maxQueuedRequests: "0",
      noAdmin: "false",
    },
  );
  assert.deepEqual(parse("bundle: b\n", "rt/r.yaml", "/home/u"), { bundle: "/home/u/rt/b" });
  assert.deepEqual(parse(""), {});
  assert.deepEqual(parse("bundle: null\ntls: null\n"), {});
  const input = parseConfigFile("grpc_port: 9\n", "r.yaml", SERVE_MODE.flags).get("port");
  assert.equal(input?.source, "r.yaml: grpc_port");
});

Deno.test("config file errors name the file and key", () => {
  const cases: [string, RegExp][] = [
    ["colour: red", /^r\.yaml: unknown setting 'colour' \(known: bundle, models_dir, grpc_port/],
    ["- a list", /^r\.yaml must be a mapping of settings$/],
    ["models_dir: [a, b]", /^r\.yaml: models_dir must be a single value$/],
    ["tls: 5", /^r\.yaml: tls must be a mapping \(cert, key, ca\)$/],
    ["tls: { pem: x }", /^r\.yaml: unknown setting 'tls\.pem'/],
    ["a: : :", /^r\.yaml is not valid YAML/],
    ["token: t", /unknown setting 'token'/],
  ];
  for (const [text, expected] of cases) {
    assert.throws(() => parse(text, "r.yaml"), { message: expected }, text);
  }
});
