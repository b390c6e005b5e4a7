/**
 * The runtime's own training service's descriptor:
 * `modelruntime.training.v1.TrainingService`, mounted late and only with a
 * training folder; Train and CancelTraining are admin, GetTrainingStatus is
 * readable with the inference token.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";

const TRAINING_PROTO = "training.proto";
const TRAINING_SERVICE = "modelruntime.training.v1.TrainingService";

/** The training service. */
export const trainingProtocol: ProtocolDescriptor = {
  name: "training",
  doors: [],
  stage: "late",
  protoFiles: [TRAINING_PROTO],
  enabled: (settings) => settings.trainingDir !== undefined,
  services: () => [{
    name: TRAINING_SERVICE,
    definition: () => serviceDefinition(TRAINING_PROTO, TRAINING_SERVICE),
    adminMethods: ["Train", "CancelTraining"],
  }],
  async mount(context) {
    if (!context.training) throw new Error("the training service needs training jobs");
    const { addTrainingService } = await import("./training_service.ts");
    addTrainingService(context, context.training);
    return {};
  },
};
