import assert from "node:assert/strict";
import { examplePackages, installedPackageDir } from "../../../scripts/example_packages.ts";

Deno.test("examplePackages: the members' packages and their dependencies, less the root's", () => {
  const lock = JSON.stringify({
    version: "5",
    npm: {
      "@x/models@1.0.0": { dependencies: ["shared", "only-x@2.0.0"] },
      "only-x@2.0.0": {},
      "only-x@1.0.0": {},
      "shared@3.0.0": {},
      "runtime@1.0.0": { dependencies: ["shared", "only-x@1.0.0"] },
    },
    workspace: {
      dependencies: ["npm:runtime@1.0.0"],
      members: { "examples/x": { dependencies: ["npm:@x/models@1.0.0"] } },
    },
  });
  assert.deepEqual(examplePackages(lock), ["@x/models@1.0.0", "only-x@2.0.0"]);
  assert.deepEqual(examplePackages(JSON.stringify({ version: "5" })), []);
  assert.equal(
    installedPackageDir("/p", "@x/models@1.0.0"),
    "/p/node_modules/.deno/@x+models@1.0.0/node_modules/@x/models",
  );
});
