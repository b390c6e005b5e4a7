/**
 * Caikit's naming rules: the domain of a library, the generated service and
 * RPC names, union members, data-stream sources and HTTP task routes.
 */
import assert from "node:assert/strict";
import {
  dataStreamSource,
  domainOf,
  inferenceServiceName,
  taskRoute,
  trainingServiceName,
  trainRpc,
  unionMember,
} from "../../../../runtime/protocols/caikit/caikit_names.ts";

Deno.test("caikit names: domains, services, RPCs, members, sources and routes", () => {
  assert.equal(domainOf("caikit_template"), "Template");
  assert.equal(domainOf("model_runtime"), "ModelRuntime");
  assert.equal(domainOf("caikit_nlp"), "Nlp");
  assert.equal(inferenceServiceName("Template"), "caikit.runtime.Template.TemplateService");
  assert.equal(
    trainingServiceName("Template"),
    "caikit.runtime.Template.TemplateTrainingService",
  );
  assert.equal(
    trainRpc("HelloWorldTask", "HelloWorldModule"),
    "HelloWorldTaskHelloWorldModuleTrain",
  );
  assert.equal(unionMember("value", "int"), "value_int");
  assert.equal(
    unionMember("value", { kind: "object", package: "p", name: "Point", fields: [] }),
    "value_point",
  );
  assert.equal(
    dataStreamSource({ kind: "object", package: "p", name: "HelloWorldTrainingType", fields: [] }),
    "DataStreamSourceHelloWorldTrainingType",
  );
  assert.equal(dataStreamSource("dict"), "DataStreamSourceJsonDict");
  assert.equal(taskRoute("HelloWorldTask"), "hello-world");
  assert.equal(taskRoute("TabularClassificationTask"), "tabular-classification");
});
