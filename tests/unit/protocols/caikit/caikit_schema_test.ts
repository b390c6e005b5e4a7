/**
 * The derived Caikit surface equals the reference, field by field: every
 * service of the 0.18.1 reference protos (tests/fixtures/caikit/0.18.1/,
 * checked against Caikit's own descriptors) and every message and enum
 * reachable from its RPCs — names, numbers, labels, types, oneofs, enum
 * values, RPC signatures — against what the runtime serves for the
 * template's library; the same for the newest version (v0.29.1,
 * tests/fixtures/caikit/newest/) with its info and model-management
 * services; and a test-only module using every rule of §4
 * derives to a hand-written `.proto`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { currentCaikitSurface } from "../../../../runtime/protocols/caikit/descriptor.ts";
import { caikitSettings } from "../../../../runtime/protocols/caikit/caikit_settings.ts";
import { installCaikitDefinitions } from "../../../../runtime/protocols/caikit/caikit_mount.ts";
import { deriveCaikitSchema } from "../../../../runtime/protocols/caikit/caikit_schema.ts";
import { CAIKIT_0_18_1 } from "../../../../runtime/protocols/caikit/caikit_wire_version.ts";
import {
  buildCaikitDefinitions,
  mergeNested,
} from "../../../../runtime/protocols/caikit/caikit_definitions.ts";
import { MMESH_JSON } from "../../../../runtime/protocols/caikit/mmesh_schema.ts";
import {
  loadProtos,
  packageTypes,
  reachableShapes,
  serviceShape,
  typeShapeOf,
} from "../../../support/proto_shapes.ts";
import { PROJECT_ROOT } from "../../../support/cli.ts";
import { RULES_TEST_FACE } from "./rules_test_face.ts";

const FIXTURES = join(PROJECT_ROOT, "tests", "fixtures", "caikit");
const REFERENCE = join(FIXTURES, "0.18.1");

const REFERENCE_SERVICES = [
  "caikit.runtime.Template.TemplateService",
  "caikit.runtime.Template.TemplateTrainingService",
  "caikit.runtime.training.TrainingManagement",
  "mmesh.ModelRuntime",
];

function referenceRoot() {
  return loadProtos(
    [
      "caikit_runtime_Template.proto",
      "caikit_runtime_training.proto",
      "mmesh_model_runtime.proto",
    ].map((file) => join(REFERENCE, file)),
    [REFERENCE],
  );
}

Deno.test("caikit 0.18.1: every reference service and reachable message equals what the runtime serves", async () => {
  const surface = currentCaikitSurface();
  await installCaikitDefinitions(surface);
  const served = surface.built().root;
  const reference = referenceRoot();
  for (const service of REFERENCE_SERVICES) {
    assert.ok(surface.services.some((each) => each.name === service), `${service} is served`);
    assert.deepEqual(serviceShape(served, service), serviceShape(reference, service), service);
  }
  const expected = reachableShapes(reference, REFERENCE_SERVICES);
  const actual = reachableShapes(served, REFERENCE_SERVICES);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [name, shape] of expected) assert.deepEqual(actual.get(name), shape, name);
  // Every message the reference renders in Caikit's own packages is rendered alike.
  for (const pkg of ["caikit_data_model.common", "caikit_data_model.runtime"]) {
    const names = packageTypes(reference, pkg);
    assert.ok(names.length > 0, pkg);
    for (const name of names) {
      assert.deepEqual(typeShapeOf(served, name), typeShapeOf(reference, name), name);
    }
  }
});

Deno.test("caikit derivation: a module using every §4 rule derives the hand-written proto", async () => {
  const schema = deriveCaikitSchema([RULES_TEST_FACE], CAIKIT_0_18_1);
  const derived = (await buildCaikitDefinitions(mergeNested(schema.json, MMESH_JSON))).root;
  const expected = loadProtos(
    [join(FIXTURES, "derivation", "caikit_runtime_RulesTest.proto")],
    [join(FIXTURES, "derivation"), REFERENCE],
  );
  const services = [
    "caikit.runtime.RulesTest.RulesTestService",
    "caikit.runtime.RulesTest.RulesTestTrainingService",
  ];
  assert.deepEqual(schema.services, services);
  for (const service of services) {
    assert.deepEqual(serviceShape(derived, service), serviceShape(expected, service), service);
  }
  const want = reachableShapes(expected, services);
  const got = reachableShapes(derived, services);
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  for (const [name, shape] of want) assert.deepEqual(got.get(name), shape, name);
});

const NEWEST = join(FIXTURES, "newest");

/** The newest services served (TemplateJobService needs enable_inference_jobs: not served). */
const NEWEST_SERVICES = [
  "caikit.runtime.Template.TemplateService",
  "caikit.runtime.Template.TemplateTrainingService",
  "caikit.runtime.training.TrainingManagement",
  "caikit.runtime.info.InfoService",
  "caikit.runtime.models.ModelManagement",
  "mmesh.ModelRuntime",
];

Deno.test("caikit newest (v0.29.1): every served reference service and reachable message equals what the runtime serves", async () => {
  const surface = currentCaikitSurface(
    caikitSettings({ version: "newest", library: "caikit_template" }),
  );
  await installCaikitDefinitions(surface);
  const served = surface.built().root;
  const reference = loadProtos(
    [
      "caikit_runtime_Template.proto",
      "caikit_runtime_training.proto",
      "caikit_runtime_info.proto",
      "caikit_runtime_models.proto",
      "mmesh_model_runtime.proto",
    ].map((file) => join(NEWEST, file)),
    [NEWEST],
  );
  for (const service of NEWEST_SERVICES) {
    assert.ok(surface.services.some((each) => each.name === service), `${service} is served`);
    assert.deepEqual(serviceShape(served, service), serviceShape(reference, service), service);
  }
  const expected = reachableShapes(reference, NEWEST_SERVICES);
  const actual = reachableShapes(served, NEWEST_SERVICES);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [name, shape] of expected) assert.deepEqual(actual.get(name), shape, name);
  for (
    const pkg of [
      "caikit_data_model.common",
      "caikit_data_model.runtime",
      "caikit_data_model.common.runtime",
    ]
  ) {
    const names = packageTypes(reference, pkg);
    assert.ok(names.length > 0, pkg);
    assert.deepEqual(packageTypes(served, pkg).sort(), [...names].sort(), pkg);
    for (const name of names) {
      assert.deepEqual(typeShapeOf(served, name), typeShapeOf(reference, name), name);
    }
  }
  const admin = surface.services.flatMap((service) =>
    service.adminMethods.map((method) => `${service.name}/${method}`)
  );
  assert.deepEqual(admin.sort(), [
    "caikit.runtime.Template.TemplateTrainingService/HelloWorldTaskHelloWorldModuleTrain",
    "caikit.runtime.models.ModelManagement/DeployModel",
    "caikit.runtime.models.ModelManagement/UndeployModel",
    "caikit.runtime.training.TrainingManagement/CancelTraining",
    "mmesh.ModelRuntime/loadModel",
    "mmesh.ModelRuntime/unloadModel",
  ]);
});
