/**
 * The ModelMesh model-runtime API (`mmesh.ModelRuntime`) that a Caikit
 * runtime also serves on its gRPC port, as protobufjs JSON: fixed, not
 * derived (caikit's protobufs/protos/model-runtime.proto; field names are
 * camelCase upstream).
 *
 * @module
 */
import type { NestedJson } from "./proto_namespace.ts";

const MODEL_REQUEST = {
  fields: {
    modelId: { type: "string", id: 1 },
    modelType: { type: "string", id: 2 },
    modelPath: { type: "string", id: 3 },
    modelKey: { type: "string", id: 4 },
  },
};

const SIZE = { fields: { sizeInBytes: { type: "uint64", id: 1 } } };

const method = (name: string) => ({
  requestType: `${name}Request`,
  responseType: `${name}Response`,
  options: {},
});

/** The `mmesh` package. */
export const MMESH_JSON: NestedJson = {
  nested: {
    mmesh: {
      nested: {
        ModelRuntime: {
          methods: {
            loadModel: method("LoadModel"),
            unloadModel: method("UnloadModel"),
            predictModelSize: method("PredictModelSize"),
            modelSize: method("ModelSize"),
            runtimeStatus: method("RuntimeStatus"),
          },
        },
        LoadModelRequest: MODEL_REQUEST,
        LoadModelResponse: {
          fields: {
            sizeInBytes: { type: "uint64", id: 1 },
            maxConcurrency: { type: "uint32", id: 2 },
          },
        },
        UnloadModelRequest: { fields: { modelId: { type: "string", id: 1 } } },
        UnloadModelResponse: { fields: {} },
        PredictModelSizeRequest: MODEL_REQUEST,
        PredictModelSizeResponse: SIZE,
        ModelSizeRequest: { fields: { modelId: { type: "string", id: 1 } } },
        ModelSizeResponse: SIZE,
        RuntimeStatusRequest: { fields: {} },
        RuntimeStatusResponse: {
          fields: {
            status: { type: "Status", id: 1 },
            capacityInBytes: { type: "uint64", id: 2 },
            maxLoadingConcurrency: { type: "uint32", id: 3 },
            modelLoadingTimeoutMs: { type: "uint32", id: 4 },
            defaultModelSizeInBytes: { type: "uint64", id: 5 },
            runtimeVersion: { type: "string", id: 6 },
            numericRuntimeVersion: { type: "uint64", id: 7 },
            methodInfos: { keyType: "string", type: "MethodInfo", id: 8 },
            limitModelConcurrency: { type: "bool", id: 9 },
            allowAnyMethod: { type: "bool", id: 10 },
          },
          nested: {
            Status: { values: { STARTING: 0, READY: 1, FAILING: 2 } },
            MethodInfo: {
              fields: { idInjectionPath: { rule: "repeated", type: "uint32", id: 1 } },
            },
          },
        },
      },
    },
  },
};
