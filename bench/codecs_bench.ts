/**
 * Micro-benchmarks of the codecs on the request path: the Modzy proto
 * messages as the served definition (its Run codec) and the generic one
 * (de)serialise them, the tabular classifier's JSON input and output, and
 * the OIP ModelInfer request/response as the served definition (its
 * ModelInfer codec) and the generic one (plus translation) handle them.
 */
import { serviceDefinition } from "../runtime/protocols/wire/proto_loader.ts";
import {
  MODZY_PROTO,
  MODZY_SERVICE,
  modzyServiceDefinition,
} from "../runtime/protocols/modzy/modzy_service.ts";
import {
  inferRequestFromMessage,
  inferResponseToMessage,
  type ModelInferRequestMessage,
} from "../runtime/protocols/oip/oip_grpc_codec.ts";
import { withInferCodec } from "../runtime/protocols/oip/oip_infer_codec.ts";
import type { InferResponse } from "../runtime/model/tensors.ts";
import { readFeatureRow } from "../runtime/modules/tabular_input.ts";
import {
  classPredictionsOutput,
  classPredictionsWriter,
  rankClassPredictions,
} from "../runtime/modules/class_predictions.ts";
import { IRIS_INPUT, runRequestBytes, runResponseBytes } from "./support/wire.ts";

const run = serviceDefinition(MODZY_PROTO, MODZY_SERVICE).Run;
const servedRun = modzyServiceDefinition().Run;
const writeResults = classPredictionsWriter(["setosa", "versicolor", "virginica"]);
const oipGeneric = serviceDefinition("grpc_predict_v2.proto", "inference.GRPCInferenceService");
const infer = oipGeneric.ModelInfer;
const servedInfer = withInferCodec(oipGeneric).ModelInfer;
const one = Buffer.from(runRequestBytes(1));
const eight = Buffer.from(runRequestBytes(8));
const result = classPredictionsOutput(
  rankClassPredictions(new Float32Array([0.98, 0.02, 0]), 0, ["setosa", "versicolor", "virginica"]),
);
const answer = run.responseDeserialize(Buffer.from(runResponseBytes(result)));
const features = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
const item = new Map([["input.json", IRIS_INPUT]]);
const row = new Float32Array(4);
const inferBytes = infer.requestSerialize({
  model_name: "iris-classifier",
  inputs: [{
    name: "features",
    datatype: "FP32",
    shape: [1, 4],
    contents: { fp32_contents: [4.7, 3.2, 1.3, 0.2] },
  }],
});

Deno.bench("Modzy RunRequest decode, 1 item (served codec)", { group: "modzy" }, () => {
  servedRun.requestDeserialize(one);
});
Deno.bench("Modzy RunRequest decode, 8 items (served codec)", { group: "modzy" }, () => {
  servedRun.requestDeserialize(eight);
});
Deno.bench("Modzy RunResponse encode, 1 item (served codec)", { group: "modzy" }, () => {
  servedRun.responseSerialize(answer);
});
Deno.bench("Modzy RunRequest decode, 1 item (generic codec)", { group: "modzy" }, () => {
  run.requestDeserialize(one);
});
Deno.bench("Modzy RunRequest decode, 8 items (generic codec)", { group: "modzy" }, () => {
  run.requestDeserialize(eight);
});
Deno.bench("Modzy RunResponse encode, 1 item (generic codec)", { group: "modzy" }, () => {
  run.responseSerialize(answer);
});
Deno.bench("tabular input.json -> feature row", { group: "tabular" }, () => {
  readFeatureRow(item, { fileName: "input.json", features }, row, 0);
});
Deno.bench("tabular probabilities -> results.json (served writer)", { group: "tabular" }, () => {
  writeResults(row, 0);
});
Deno.bench("tabular probabilities -> results.json (rank + stringify)", { group: "tabular" }, () => {
  classPredictionsOutput(rankClassPredictions(row, 0, ["setosa", "versicolor", "virginica"]));
});
const inferResponse: InferResponse = {
  modelName: "iris-classifier",
  modelVersion: "0.1.0",
  outputs: [{
    name: "probabilities",
    datatype: "FP32",
    shape: [1, 3],
    data: new Float32Array([0.98, 0.02, 0]),
  }],
};

Deno.bench("OIP ModelInferRequest decode + to tensors (served codec)", { group: "oip" }, () => {
  inferRequestFromMessage(servedInfer.requestDeserialize(inferBytes) as ModelInferRequestMessage);
});
Deno.bench("OIP tensors -> ModelInferResponse encode (served codec)", { group: "oip" }, () => {
  servedInfer.responseSerialize({ response: inferResponse, raw: false });
});
Deno.bench("OIP ModelInferRequest decode + to tensors (generic codec)", { group: "oip" }, () => {
  inferRequestFromMessage(infer.requestDeserialize(inferBytes) as ModelInferRequestMessage);
});
Deno.bench("OIP tensors -> ModelInferResponse encode (generic codec)", { group: "oip" }, () => {
  infer.responseSerialize(inferResponseToMessage(inferResponse, false));
});
