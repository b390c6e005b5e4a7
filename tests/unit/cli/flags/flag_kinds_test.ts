/**
 * The flag builders (runtime/cli/flags/flag_kinds.ts): each kind's values,
 * default and usage error, whatever the source.
 */
import assert from "node:assert/strict";
import {
  booleanFlag,
  choiceFlag,
  modeFlag,
  portFlag,
  portOrOffFlag,
  readFlag,
  readFlagOr,
  requiredTextFlag,
  switchFlag,
  textFlag,
  wholeNumberFlag,
} from "../../../../runtime/cli/flags/flag_kinds.ts";
import { type Flag, isProblem } from "../../../../runtime/cli/flags/flag.ts";

const noEnv = () => undefined;

/** The flag's value for `value` from the environment variable `X`, or its error message. */
function fromEnv<T>(flag: Flag<T>, value: string | undefined): T | string {
  const result = flag.parse(value === undefined ? undefined : { value, source: "X" }, noEnv);
  return isProblem(result) ? result.message : result;
}

Deno.test("booleanFlag: bare on the command line, switch words elsewhere, false by default", () => {
  const lazy = booleanFlag({ name: "lazy", help: "h" });
  assert.equal(lazy.kind, "boolean");
  assert.equal(lazy.parse({ value: true, source: "--lazy" }, noEnv), true);
  assert.equal(fromEnv(lazy, undefined), false);
  for (const word of ["1", "true", "YES", "on"]) assert.equal(fromEnv(lazy, word), true, word);
  for (const word of ["0", "false", "no", "Off", ""]) {
    assert.equal(fromEnv(lazy, word), false, word);
  }
  assert.equal(fromEnv(lazy, "maybe"), "X takes true or false, got 'maybe'");
});

Deno.test("switchFlag: on/off with a default", () => {
  const batching = switchFlag({ name: "batching", placeholder: "on|off", help: "h" }, true);
  assert.equal(batching.kind, "string");
  assert.equal(fromEnv(batching, undefined), true);
  assert.equal(fromEnv(batching, "off"), false);
  assert.equal(fromEnv(batching, "maybe"), "X takes on or off, got 'maybe'");
});

Deno.test("textFlag, requiredTextFlag and readFlag", () => {
  const name = textFlag({ name: "name", placeholder: "NAME", help: "h" });
  assert.equal(fromEnv(name, undefined), undefined);
  assert.equal(fromEnv(name, ""), "");
  const version = textFlag({ name: "v", placeholder: "V", help: "h" }, {
    pattern: /^\d$/,
    expects: "a digit",
  });
  assert.equal(fromEnv(version, "7"), "7");
  assert.equal(fromEnv(version, "x"), "X takes a digit, got 'x'");
  const out = requiredTextFlag({ name: "out", placeholder: "DIR", help: "h" });
  assert.equal(fromEnv(out, "o"), "o");
  assert.equal(fromEnv(out, undefined), "--out DIR is required");
  const half = readFlag(
    { name: "h", placeholder: "N", help: "h" },
    (t) => Number(t) / 2 || null,
    "n",
  );
  assert.equal(fromEnv(half, "4"), 2);
  const fallback = readFlagOr({ name: "f", placeholder: "N", help: "h" }, Number, "n", {
    from: (env) => Number(env("F") ?? 5),
  });
  assert.equal(fallback.parse(undefined, (n) => n === "F" ? "9" : undefined), 9);
  assert.equal(fallback.parse(undefined, noEnv), 5);
});

Deno.test("choiceFlag, portFlag and wholeNumberFlag", () => {
  const level = choiceFlag({ name: "l", placeholder: "L", help: "h" }, ["a", "b"], "a");
  assert.equal(fromEnv(level, undefined), "a");
  assert.equal(fromEnv(level, "b"), "b");
  assert.equal(fromEnv(level, "c"), "X takes one of a, b, got 'c'");
  const port = portFlag({ name: "port", placeholder: "N", help: "h" }, 45000);
  assert.equal(fromEnv(port, undefined), 45000);
  assert.equal(fromEnv(port, ""), 45000, "empty is the default");
  assert.equal(fromEnv(port, "0"), 0);
  assert.equal(fromEnv(port, "65535"), 65535);
  for (const bad of ["65536", "-1", "1.5", "abc"]) {
    assert.equal(fromEnv(port, bad), `X takes a port number 0-65535, got '${bad}'`);
  }
  const count = wholeNumberFlag({ name: "n", placeholder: "N", help: "h" }, { min: 1, max: 9 });
  assert.equal(fromEnv(count, undefined), undefined);
  assert.equal(fromEnv(count, "9"), 9);
  assert.equal(fromEnv(count, "0"), "X takes a whole number from 1 to 9, got '0'");
  assert.equal(fromEnv(count, "2.0"), "X takes a whole number from 1 to 9, got '2.0'");
});

Deno.test("portOrOffFlag: a port, off (null), or its default", () => {
  const http = portOrOffFlag({ name: "http-port", placeholder: "N", help: "h" }, 8080);
  assert.equal(fromEnv(http, undefined), 8080);
  assert.equal(fromEnv(http, ""), 8080);
  assert.equal(fromEnv(http, "9000"), 9000);
  assert.equal(fromEnv(http, "off"), null);
  assert.equal(fromEnv(http, "65536"), "X takes a port number 0-65535 or off, got '65536'");
});

Deno.test("modeFlag: command line only", () => {
  const train = modeFlag("train", "DATA.csv", "the CSV");
  assert.deepEqual(train.env, []);
  assert.equal(train.parse({ value: "d.csv", source: "--train" }, noEnv), "d.csv");
});
