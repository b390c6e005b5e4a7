/**
 * Serve's Caikit flags (runtime/cli/flags/caikit_flags.ts): defaults, every
 * source, values checked by the door's own rules, and the protocol settings
 * the serve command builds from them, which the door's reader accepts.
 */
import assert from "node:assert/strict";
import { caikitSettingsOf } from "../../../../runtime/cli/serve_command.ts";
import { caikitSettings } from "../../../../runtime/protocols/caikit/caikit_settings.ts";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("by default every library is served over wire 0.18.1, replacing nothing", () => {
  const options = optionsOf("serve", []);
  assert.equal(options.caikitLibrary, undefined);
  assert.equal(options.caikitDomain, undefined);
  assert.equal(options.caikitPackage, undefined);
  assert.equal(options.caikitVersion, "0.18.1");
  assert.equal(options.caikitReplaceServed, false);
  assert.deepEqual(caikitSettingsOf(options), { version: "0.18.1", replaceServed: false });
});

Deno.test("flags, variables and this runtime's config keys set them", () => {
  const options = optionsOf(
    "serve",
    ["--caikit-library", "caikit_template", "--caikit-version", "newest", "--config", "rt.yaml"],
    { MODEL_RUNTIME_CAIKIT_DOMAIN: "Greetings", MODEL_RUNTIME_CAIKIT_REPLACE_SERVED: "true" },
    "caikit: { package: acme.Greetings, library: ignored_below_the_flag }\n",
  );
  const settings = caikitSettingsOf(options);
  assert.deepEqual(settings, {
    library: "caikit_template",
    domain: "Greetings",
    package: "acme.Greetings",
    version: "newest",
    replaceServed: true,
  });
  assert.deepEqual(caikitSettings(settings), settings, "the door accepts what serve builds");
});

Deno.test("bad values are usage errors naming their source", () => {
  assert.match(
    usageErrorOf(["--caikit-version", "0.29.1"]),
    /--caikit-version takes one of 0\.18\.1, newest, got '0\.29\.1'/,
  );
  assert.match(
    usageErrorOf([], { MODEL_RUNTIME_CAIKIT_LIBRARY: "caikit.template" }),
    /MODEL_RUNTIME_CAIKIT_LIBRARY takes a Python module name/,
  );
  assert.match(usageErrorOf(["--caikit-package", "a b"]), /--caikit-package takes a dotted/);
});
