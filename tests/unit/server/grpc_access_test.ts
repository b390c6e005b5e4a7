import assert from "node:assert/strict";
import { grpcMethodRole } from "../../../runtime/server/grpc_access.ts";

Deno.test("grpcMethodRole classifies admin, inference and open methods", () => {
  assert.equal(grpcMethodRole("/ModzyModel/Shutdown"), "admin");
  assert.equal(grpcMethodRole("/ModzyModel/Run"), "inference");
  assert.equal(grpcMethodRole("/ModzyModel/Status"), "inference");
  assert.equal(grpcMethodRole("/inference.GRPCInferenceService/ModelInfer"), "inference");
  assert.equal(grpcMethodRole("/inference.GRPCInferenceService/RepositoryModelLoad"), "admin");
  assert.equal(grpcMethodRole("/grpc.health.v1.Health/Check"), "open");
  assert.equal(grpcMethodRole("/modelruntime.v1.ModelRepository/Load"), "admin");
  assert.equal(grpcMethodRole("/modelruntime.v1.ModelRepository/Unload"), "admin");
  assert.equal(grpcMethodRole("/modelruntime.v1.ModelRepository/RepositoryIndex"), "inference");
  assert.equal(grpcMethodRole("/modelruntime.v1.TrainingService/StartTraining"), "admin");
});
