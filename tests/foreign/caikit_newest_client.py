"""A foreign Caikit client of the newest wire (v0.29.1): Debian's python3-grpcio
with stubs that protoc compiles from tests/fixtures/caikit/newest/. It trains
the template's module with the newest request shape (train() parameters nested
under `parameters`, the CSV as a FileReference and as list_of_files), follows
GetTrainingStatus (JobStatus) until the job ends, predicts with the trained
model, and asks the info service for the runtime version. Prints one JSON
document on stdout.

  /usr/bin/python3 caikit_newest_client.py --stubs DIR --target localhost:8085 --csv FILE
"""

import argparse
import importlib
import json
import sys
import time

import grpc


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--csv", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.stubs)
    template = importlib.import_module("caikit_runtime_Template_pb2")
    template_grpc = importlib.import_module("caikit_runtime_Template_pb2_grpc")
    data_model = importlib.import_module("caikit_template_data_model_pb2")
    runtime = importlib.import_module("caikit_data_model_runtime_pb2")
    common = importlib.import_module("caikit_data_model_common_pb2")
    training_grpc = importlib.import_module("caikit_runtime_training_pb2_grpc")
    info = importlib.import_module("caikit_data_model_common_runtime_pb2")
    info_grpc = importlib.import_module("caikit_runtime_info_pb2_grpc")

    channel = grpc.insecure_channel(args.target)
    trainer = template_grpc.TemplateTrainingServiceStub(channel)
    predictor = template_grpc.TemplateServiceStub(channel)
    management = training_grpc.TrainingManagementStub(channel)
    sources = {
        "newest_file": template.DataStreamSourceHelloWorldTrainingType(
            file=common.FileReference(filename=args.csv)
        ),
        "newest_files": template.DataStreamSourceHelloWorldTrainingType(
            list_of_files=common.ListOfFileReferences(files=[args.csv, args.csv])
        ),
    }
    out = {"jobs": {}}
    for name, source in sources.items():
        job = trainer.HelloWorldTaskHelloWorldModuleTrain(
            template.HelloWorldTaskHelloWorldModuleTrainRequest(
                model_name=name,
                parameters=template.HelloWorldTaskHelloWorldModuleTrainParameters(
                    training_data=source
                ),
            )
        )
        state = "?"
        for _ in range(600):
            status = management.GetTrainingStatus(
                runtime.TrainingInfoRequest(training_id=job.training_id)
            )
            state = common.JobStatus.Name(status.state)
            if state in ("COMPLETED", "ERRORED", "CANCELED"):
                break
            time.sleep(0.1)
        answer = predictor.HelloWorldTaskPredict(
            template.HelloWorldTaskRequest(text_input=data_model.HelloWorldInput(name="World")),
            metadata=[("mm-model-id", name)],
        )
        out["jobs"][name] = {
            "training_id": job.training_id,
            "state": state,
            "reasons": list(status.reasons),
            "greeting": answer.greeting,
        }
    runtime_info = info_grpc.InfoServiceStub(channel).GetRuntimeInfo(info.RuntimeInfoRequest())
    out["runtime_version"] = runtime_info.runtime_version
    out["caikit"] = runtime_info.python_packages["caikit"]
    channel.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
