/**
 * The Caikit door's settings (runtime/protocols/caikit/caikit_settings.ts):
 * defaults, every setting read and checked, errors naming the key, and the
 * start-up check of the library against those the modules declare.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import {
  CAIKIT_PROTOCOL,
  caikitSettings,
  DEFAULT_CAIKIT_SETTINGS,
  requireKnownLibrary,
} from "../../../../runtime/protocols/caikit/caikit_settings.ts";

Deno.test("absent settings are the defaults: every library, wire 0.18.1, no replacing", () => {
  assert.equal(CAIKIT_PROTOCOL, "caikit");
  assert.deepEqual(caikitSettings(undefined), { version: "0.18.1", replaceServed: false });
  assert.deepEqual(caikitSettings(null), DEFAULT_CAIKIT_SETTINGS);
  assert.deepEqual(caikitSettings({}), DEFAULT_CAIKIT_SETTINGS);
  assert.deepEqual(caikitSettings({ library: undefined, domain: undefined }), {
    version: "0.18.1",
    replaceServed: false,
  });
});

Deno.test("every setting is read as given", () => {
  assert.deepEqual(
    caikitSettings({
      library: "caikit_template",
      domain: "Greetings",
      package: "acme.runtime.Greetings",
      version: "newest",
      replaceServed: true,
    }),
    {
      library: "caikit_template",
      domain: "Greetings",
      package: "acme.runtime.Greetings",
      version: "newest",
      replaceServed: true,
    },
  );
});

Deno.test("a bad setting is a bad_request naming its key", () => {
  const cases: [unknown, RegExp][] = [
    [5, /protocol settings 'caikit' must be a mapping/],
    [["0.18.1"], /must be a mapping/],
    [
      { colour: "red" },
      /unknown key 'colour' \(known: library, domain, package, version, replaceServed\)/,
    ],
    [{ library: "caikit-template" }, /library must be a Python module name .*"caikit-template"/],
    [{ library: 7 }, /library must be a Python module name .*, got 7/],
    [{ domain: "Tem plate" }, /domain must be an identifier/],
    [{ package: "a..b" }, /package must be a dotted proto package/],
    [{ version: "0.19" }, /version must be one of 0\.18\.1, newest, got "0\.19"/],
    [{ replaceServed: "yes" }, /replaceServed must be true or false/],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => caikitSettings(value),
      (error) =>
        error instanceof RuntimeError && error.kind === "bad_request" &&
        message.test(error.message),
      JSON.stringify(value),
    );
  }
});

Deno.test("a library no module declares is a start-up error listing those served", () => {
  const libraries = ["caikit_template", "model_runtime"];
  requireKnownLibrary(DEFAULT_CAIKIT_SETTINGS, libraries);
  requireKnownLibrary(caikitSettings({ library: "model_runtime" }), libraries);
  assert.throws(
    () => requireKnownLibrary(caikitSettings({ library: "caikit_nlp" }), libraries),
    (error) =>
      error instanceof RuntimeError && error.kind === "bad_request" &&
      /'caikit_nlp' \(runtime\.library, --caikit-library\) .* serves caikit_template, model_runtime/
        .test(error.message),
  );
});
