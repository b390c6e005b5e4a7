/**
 * Method roles (runtime/server/method_roles.ts) come from the protocols'
 * declarations: admin, inference and open, with no pattern over names.
 */
import assert from "node:assert/strict";
import { methodRoles } from "../../../runtime/server/method_roles.ts";
import { PROTOCOLS } from "../../../runtime/server/protocol_list.ts";

/** Method roles as the server derives them from every protocol's declarations. */
const roles = methodRoles(
  PROTOCOLS.flatMap((protocol) =>
    protocol.services({ trainingDir: "/tmp/training", metrics: true, http: true })
  ),
);
const grpcMethodRole = roles.roleOf;

Deno.test("method roles come from the protocols' declarations: admin, inference and open", () => {
  assert.equal(grpcMethodRole("/ModzyModel/Shutdown"), "admin");
  assert.equal(grpcMethodRole("/ModzyModel/Run"), "inference");
  assert.equal(grpcMethodRole("/ModzyModel/Status"), "inference");
  assert.equal(grpcMethodRole("/inference.GRPCInferenceService/ModelInfer"), "inference");
  assert.equal(grpcMethodRole("/inference.GRPCInferenceService/RepositoryModelLoad"), "admin");
  assert.equal(grpcMethodRole("/grpc.health.v1.Health/Check"), "open");
  assert.equal(grpcMethodRole("/modelruntime.v1.ModelRepository/Load"), "admin");
  assert.equal(grpcMethodRole("/modelruntime.v1.ModelRepository/Unload"), "admin");
  assert.equal(grpcMethodRole("/modelruntime.v1.ModelRepository/RepositoryIndex"), "inference");
  assert.equal(grpcMethodRole("/modelruntime.training.v1.TrainingService/Train"), "admin");
  assert.equal(grpcMethodRole("/modelruntime.training.v1.TrainingService/CancelTraining"), "admin");
  assert.equal(
    grpcMethodRole("/modelruntime.training.v1.TrainingService/GetTrainingStatus"),
    "inference",
  );
  assert.equal(grpcMethodRole("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"), "open");
  assert.equal(grpcMethodRole("/made.up.Service/Method"), "inference");
});

Deno.test("method roles: services declared later get their roles", () => {
  const later = methodRoles([]);
  assert.equal(later.roleOf("/x.Y/Train"), "inference");
  later.declare([{ name: "x.Y", adminMethods: ["Train"] }]);
  assert.equal(later.roleOf("/x.Y/Train"), "admin");
  later.declare([{ name: "x.Open", open: true }]);
  assert.equal(later.roleOf("/x.Open/Anything"), "open");
});
