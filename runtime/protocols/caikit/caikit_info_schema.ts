/**
 * The newest Caikit version's fixed services, as protobufjs JSON (not
 * derived: Caikit writes them by hand too): the info service
 * `caikit.runtime.info.InfoService` (GetRuntimeInfo, GetModelsInfo; caikit
 * 0.23.0) with its messages in `caikit_data_model.common.runtime`, and
 * model management `caikit.runtime.models.ModelManagement` (DeployModel,
 * UndeployModel; 0.26.21), whose requests are data objects of
 * `caikit_data_model.runtime` (caikit_common_newest.ts).
 *
 * @module
 */
import type { NestedJson } from "./proto_namespace.ts";

/** The info service's full name. */
export const INFO_SERVICE = "caikit.runtime.info.InfoService";
/** The model-management service's full name. */
export const MODEL_MANAGEMENT_SERVICE = "caikit.runtime.models.ModelManagement";

const INFO = ".caikit_data_model.common.runtime";
const RUNTIME = ".caikit_data_model.runtime";

/** Both services and the info messages. */
export const INFO_JSON: NestedJson = {
  nested: {
    caikit_data_model: {
      nested: {
        common: {
          nested: {
            runtime: {
              nested: {
                RuntimeInfoRequest: { fields: {} },
                RuntimeInfoResponse: {
                  fields: {
                    runtime_version: { type: "string", id: 1 },
                    python_packages: { keyType: "string", type: "string", id: 2 },
                  },
                },
                ModelInfoRequest: {
                  fields: { model_ids: { rule: "repeated", type: "string", id: 1 } },
                },
                ModelInfo: {
                  fields: {
                    model_path: { type: "string", id: 1 },
                    name: { type: "string", id: 2 },
                    size: { type: "int64", id: 3 },
                    metadata: { type: ".google.protobuf.Struct", id: 4 },
                    loaded: { type: "bool", id: 7 },
                    module_id: { type: "string", id: 5 },
                    module_metadata: { keyType: "string", type: "string", id: 6 },
                  },
                },
                ModelInfoResponse: {
                  fields: { models: { rule: "repeated", type: `${INFO}.ModelInfo`, id: 1 } },
                },
              },
            },
          },
        },
      },
    },
    caikit: {
      nested: {
        runtime: {
          nested: {
            info: {
              nested: {
                InfoService: {
                  methods: {
                    GetRuntimeInfo: {
                      requestType: `${INFO}.RuntimeInfoRequest`,
                      responseType: `${INFO}.RuntimeInfoResponse`,
                    },
                    GetModelsInfo: {
                      requestType: `${INFO}.ModelInfoRequest`,
                      responseType: `${INFO}.ModelInfoResponse`,
                    },
                  },
                },
              },
            },
            models: {
              nested: {
                ModelManagement: {
                  methods: {
                    DeployModel: {
                      requestType: `${RUNTIME}.DeployModelRequest`,
                      responseType: `${INFO}.ModelInfo`,
                    },
                    UndeployModel: {
                      requestType: `${RUNTIME}.UndeployModelRequest`,
                      responseType: `${RUNTIME}.UndeployModelRequest`,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};
