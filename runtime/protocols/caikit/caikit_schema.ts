/**
 * Derives the Caikit services from the modules' Caikit faces by Caikit's
 * rules (caikit-wire.md §4), as Caikit derives them from Python type hints:
 * per domain, `caikit.runtime.<Domain>.<Domain>Service` with one
 * `<Task>Predict` per task a module serves (request `<Task>Request`, one
 * field per `run()` parameter) and `<Domain>TrainingService` with one
 * `<Task><Module>Train` per module that trains (request `model_name = 1`,
 * `output_path = 2`, then `train()`'s parameters, a `DataStream[T]` as a
 * `DataStreamSource<T>`); Caikit's training management service; the data
 * objects they reach. The result is protobufjs JSON plus what each RPC
 * means, for the door.
 *
 * @module
 */
import type { CaikitFace, CaikitField, CaikitTask, CaikitType } from "../../model/caikit_face.ts";
import { isDataStream } from "../../model/caikit_face.ts";
import { S3_PATH } from "./caikit_common.ts";
import {
  type CaikitRenames,
  dataStreamSource,
  inferenceServiceName,
  predictRequest,
  predictRpc,
  type ServiceNaming,
  serviceNaming,
  TRAINING_MANAGEMENT_SERVICE,
  trainingServiceName,
  trainRequest,
  trainRpc,
} from "./caikit_names.ts";
import type { CaikitWireVersion } from "./caikit_wire_version.ts";
import { type MessageField, type NestedJson, ProtoNamespace } from "./proto_namespace.ts";

/** A derived `<Task>Predict` RPC. */
export interface PredictRpc {
  /** The domain it belongs to. */
  readonly domain: string;
  /** Full name of its service. */
  readonly service: string;
  /** The RPC's name. */
  readonly rpc: string;
  /** The task (as the first module serving it declared it). */
  readonly task: CaikitTask;
}

/** A derived `<Task><Module>Train` RPC. */
export interface TrainRpc {
  /** The domain it belongs to. */
  readonly domain: string;
  /** Full name of its service. */
  readonly service: string;
  /** The RPC's name. */
  readonly rpc: string;
  /** The module's face. */
  readonly face: CaikitFace;
  /** The `train()` parameter holding the data stream. */
  readonly stream: { readonly name: string; readonly element: CaikitType };
  /** The other `train()` parameters. */
  readonly parameters: readonly CaikitField[];
}

/** The derived surface. */
export interface CaikitSchema {
  /** The wire version it was derived for. */
  readonly version: CaikitWireVersion;
  /** protobufjs JSON of every package (Google's well-known types not included). */
  readonly json: NestedJson;
  /** Every predict RPC. */
  readonly predicts: readonly PredictRpc[];
  /** Every train RPC. */
  readonly trains: readonly TrainRpc[];
  /** Full names of the generated services (inference and training), in order. */
  readonly services: readonly string[];
}

/** Derives the services of `faces` for the wire `version` with Caikit's `renames`. */
export function deriveCaikitSchema(
  faces: readonly CaikitFace[],
  version: CaikitWireVersion,
  renames: CaikitRenames = {},
): CaikitSchema {
  const namespace = new ProtoNamespace();
  const predicts: PredictRpc[] = [];
  const trains: TrainRpc[] = [];
  const services: string[] = [];
  const domains = new Map<string, CaikitFace[]>();
  for (const face of faces) {
    const naming = serviceNaming(face.library, renames);
    if (naming.domain === "") throw new Error(`Caikit library '${face.library}' names no domain`);
    const key = `${naming.package}.${naming.domain}`;
    domains.set(key, [...domains.get(key) ?? [], face]);
  }
  for (const members of domains.values()) {
    const naming = serviceNaming(members[0].library, renames);
    const { domain, package: pkg } = naming;
    const inference = inferenceServiceName(domain, pkg);
    const tasks = new Map<string, string>();
    const methods: Record<string, NestedJson> = {};
    for (const face of members) {
      const { task } = face;
      const signature = JSON.stringify([task.parameters, task.output]);
      const known = tasks.get(task.name);
      if (known !== undefined) {
        if (known !== signature) {
          throw new Error(`task ${task.name} is declared differently by ${face.module.name}`);
        }
        continue;
      }
      tasks.set(task.name, signature);
      const request = `${pkg}.${predictRequest(task.name)}`;
      namespace.put(request, namespace.messageJson(task.parameters, request));
      const output = namespace.message(task.output);
      const rpc = predictRpc(task.name);
      methods[rpc] = { requestType: `.${request}`, responseType: output };
      predicts.push({ domain, service: inference, rpc, task });
    }
    namespace.put(inference, { methods });
    services.push(inference);
    const trainMethods: Record<string, NestedJson> = {};
    for (const face of members) {
      if (!face.training) continue;
      const train = trainRpcOf(namespace, naming, face, version);
      if (trainMethods[train.rpc]) throw new Error(`two modules declare ${train.rpc}`);
      trainMethods[train.rpc] = {
        requestType: `.${pkg}.${trainRequest(face.task.name, face.module.name)}`,
        responseType: namespace.message(version.trainingJob),
      };
      trains.push(train);
    }
    if (Object.keys(trainMethods).length > 0) {
      namespace.put(trainingServiceName(domain, pkg), { methods: trainMethods });
      services.push(trainingServiceName(domain, pkg));
    }
  }
  addTrainingManagement(namespace, version);
  return { version, json: namespace.json, predicts, trains, services };
}

/** Renders `face`'s train request (and its data-stream source) and describes the RPC. */
function trainRpcOf(
  namespace: ProtoNamespace,
  naming: ServiceNaming,
  face: CaikitFace,
  version: CaikitWireVersion,
): TrainRpc {
  const { domain, package: pkg } = naming;
  const where = `${face.module.name} (${face.module.id})`;
  const streams = face.training!.parameters.filter((parameter) => isDataStream(parameter.type));
  if (streams.length !== 1) {
    throw new Error(`${where}: train() must take exactly one DataStream parameter`);
  }
  const element = (streams[0].type as { stream: CaikitType }).stream;
  const source = `${pkg}.${dataStreamSource(element)}`;
  const jsonData = `${source}JsonData`;
  namespace.put(
    jsonData,
    namespace.messageJson([{ name: "data", type: { list: element } }], jsonData),
  );
  const sourceFields: Record<string, NestedJson> = {};
  version.streamMembers.forEach((member, index) => {
    const type = member.type ? namespace.message(member.type) : `.${jsonData}`;
    sourceFields[member.name] = { type, id: index + 1 };
  });
  namespace.put(source, {
    oneofs: { data_stream: { oneof: version.streamMembers.map((member) => member.name) } },
    fields: sourceFields,
  });
  const parameters: CaikitField[] = [];
  const fields: MessageField[] = [];
  for (const parameter of face.training!.parameters) {
    if (isDataStream(parameter.type)) {
      fields.push({ name: parameter.name, type: { reference: source } });
      continue;
    }
    const field = { name: parameter.name, type: parameter.type, optional: parameter.optional };
    fields.push(field);
    parameters.push(field);
  }
  const request = `${pkg}.${trainRequest(face.task.name, face.module.name)}`;
  const head: MessageField[] = [
    { name: "model_name", type: "str" },
    { name: "output_path", type: S3_PATH },
  ];
  if (version.nestedTrainParameters) {
    const nested = `${request.replace(/Request$/, "")}Parameters`;
    namespace.put(nested, namespace.messageJson(fields, nested));
    namespace.put(
      request,
      namespace.messageJson(
        [...head, { name: "parameters", type: { reference: nested } }],
        request,
      ),
    );
  } else {
    namespace.put(request, namespace.messageJson([...head, ...fields], request));
  }
  return {
    domain,
    service: trainingServiceName(domain, pkg),
    rpc: trainRpc(face.task.name, face.module.name),
    face,
    stream: { name: streams[0].name, element },
    parameters,
  };
}

/** Caikit's training management service and the common objects every version renders. */
function addTrainingManagement(namespace: ProtoNamespace, version: CaikitWireVersion): void {
  for (const object of [...version.otherObjects, ...version.management ?? []]) {
    namespace.message(object);
  }
  const request = namespace.message(version.trainingInfoRequest);
  const response = namespace.message(version.trainingStatusResponse);
  namespace.put(TRAINING_MANAGEMENT_SERVICE, {
    methods: {
      GetTrainingStatus: { requestType: request, responseType: response },
      CancelTraining: { requestType: request, responseType: response },
    },
  });
}
