"""A foreign Caikit client: Debian's python3-grpcio with stubs that protoc
compiles from the 0.18.1 reference protos (tests/fixtures/caikit/0.18.1/),
calling the way caikit-template's demo clients do.

Commands (each prints one JSON document on stdout):

  session   infer_model.py (Predict with mm-model-id hello_world),
            train_model.py twice (the demo CSV, model_name hello_world), Train
            from the CSV file and from inline records under new names,
            GetTrainingStatus until COMPLETED, Predict with the trained
            models, every error row, then ModelMesh load/size/unload.
  admin     the admin calls (answered NOT_FOUND by a --no-admin server) and
            an inference call.

Run it with Debian's interpreter, e.g.:

  /usr/bin/python3 caikit_client.py --stubs DIR session --target localhost:8085 \
      --csv demo/train_data/sample_data.csv --model-folder demo/models/hello_world
"""

import argparse
import importlib
import json
import sys
import time

import grpc


def load(stubs_dir):
    """Imports the generated modules from stubs_dir."""
    sys.path.insert(0, stubs_dir)
    names = [
        "caikit_template_data_model_pb2",
        "caikit_runtime_Template_pb2",
        "caikit_runtime_Template_pb2_grpc",
        "caikit_data_model_runtime_pb2",
        "caikit_data_model_common_pb2",
        "caikit_runtime_training_pb2_grpc",
        "mmesh_model_runtime_pb2",
        "mmesh_model_runtime_pb2_grpc",
    ]
    return argparse.Namespace(**{name: importlib.import_module(name) for name in names})


def failure(call):
    """[code name, details] of a call that must fail, or None when it succeeded."""
    try:
        call()
    except grpc.RpcError as error:
        return [error.code().name, error.details()]
    return None


class Client:
    def __init__(self, stubs, target):
        self.s = stubs
        self.channel = grpc.insecure_channel(target)
        self.template = stubs.caikit_runtime_Template_pb2_grpc.TemplateServiceStub(self.channel)
        self.training = stubs.caikit_runtime_Template_pb2_grpc.TemplateTrainingServiceStub(
            self.channel
        )
        self.management = stubs.caikit_runtime_training_pb2_grpc.TrainingManagementStub(
            self.channel
        )
        self.mmesh = stubs.mmesh_model_runtime_pb2_grpc.ModelRuntimeStub(self.channel)

    def predict(self, model_id, name="World", metadata=None):
        request = self.s.caikit_runtime_Template_pb2.HelloWorldTaskRequest(
            text_input=self.s.caikit_template_data_model_pb2.HelloWorldInput(name=name)
        )
        headers = [("mm-model-id", model_id)] if metadata is None else metadata
        return self.template.HelloWorldTaskPredict(request, metadata=headers)

    def train(self, model_name, **kwargs):
        request = self.s.caikit_runtime_Template_pb2.HelloWorldTaskHelloWorldModuleTrainRequest(
            model_name=model_name, **kwargs
        )
        return self.training.HelloWorldTaskHelloWorldModuleTrain(request)

    def status(self, training_id):
        request = self.s.caikit_data_model_runtime_pb2.TrainingInfoRequest(training_id=training_id)
        return self.management.GetTrainingStatus(request)

    def follow(self, training_id):
        """Polls GetTrainingStatus until the job ends; the last status as a dict."""
        enum = self.s.caikit_data_model_common_pb2.TrainingStatus
        for _ in range(600):
            status = self.status(training_id)
            state = enum.Name(status.state)
            if state in ("COMPLETED", "ERRORED", "CANCELED"):
                return {
                    "state": state,
                    "reasons": list(status.reasons),
                    "submitted": status.submission_timestamp.seconds,
                    "completed": status.completion_timestamp.seconds,
                }
            time.sleep(0.1)
        raise SystemExit(f"training {training_id} did not end")


def session(client, args):
    out = {}
    # infer_model.py
    out["infer"] = "RESPONSE: " + str(client.predict("hello_world")).strip()
    # train_model.py, twice: COMPLETED both times (hello_world is served: saved, not served).
    out["train_model"] = []
    for _ in range(2):
        job = client.train("hello_world", training_data={"file": {"filename": args.csv}})
        out["train_model"].append(
            {"job": str(job).strip(), "name": job.model_name, "status": client.follow(job.training_id)}
        )
    record = client.s.caikit_template_data_model_pb2.HelloWorldTrainingType(
        text="sample text", label="label1"
    )
    trained = {
        "from_file": client.train("from_file", training_data={"file": {"filename": args.csv}}),
        "inline": client.train("inline", training_data={"jsondata": {"data": [record]}}),
    }
    out["trained"] = {
        name: {
            "status": client.follow(job.training_id),
            "greeting": client.predict(job.model_name, "Trained").greeting,
        }
        for name, job in trained.items()
    }
    template = client.s.caikit_runtime_Template_pb2
    raw = client.channel.unary_unary(
        "/caikit.runtime.Template.TemplateService/HelloWorldTaskPredict"
    )
    out["errors"] = {
        "missing_model_id": failure(lambda: client.predict("", metadata=[])),
        "empty_model_id": failure(lambda: client.predict("")),
        "unknown_model": failure(lambda: client.predict("nope")),
        "required_unset": failure(
            lambda: client.template.HelloWorldTaskPredict(
                template.HelloWorldTaskRequest(), metadata=[("mm-model-id", "hello_world")]
            )
        ),
        "undecodable": failure(
            lambda: raw(b"\x0a\xff\xff\xff\x0f", metadata=[("mm-model-id", "hello_world")])
        ),
        "model_class": failure(lambda: client.predict("iris-classifier")),
        "unknown_training_id": failure(lambda: client.status("nope")),
        "s3_output_path": failure(
            lambda: client.train(
                "s3",
                output_path=client.s.caikit_data_model_common_pb2.S3Path(path="bucket/x"),
            )
        ),
    }
    out["after_errors"] = client.predict("hello_world", "again").greeting
    mmesh = client.s.mmesh_model_runtime_pb2
    loaded = client.mmesh.loadModel(
        mmesh.LoadModelRequest(modelId="hw2", modelPath=args.model_folder)
    )
    out["mmesh"] = {
        "loaded_bytes": loaded.sizeInBytes,
        "greeting": client.predict("hw2").greeting,
        "size": client.mmesh.modelSize(mmesh.ModelSizeRequest(modelId="hw2")).sizeInBytes,
        "status": mmesh.RuntimeStatusResponse.Status.Name(
            client.mmesh.runtimeStatus(mmesh.RuntimeStatusRequest()).status
        ),
    }
    client.mmesh.unloadModel(mmesh.UnloadModelRequest(modelId="hw2"))
    out["mmesh"]["after_unload"] = failure(lambda: client.predict("hw2"))
    return out


def admin(client, args):
    mmesh = client.s.mmesh_model_runtime_pb2
    info = client.s.caikit_data_model_runtime_pb2.TrainingInfoRequest(training_id="x")
    return {
        "train": failure(
            lambda: client.train("x", training_data={"file": {"filename": args.csv}})
        ),
        "cancel": failure(lambda: client.management.CancelTraining(info)),
        "load": failure(
            lambda: client.mmesh.loadModel(
                mmesh.LoadModelRequest(modelId="x", modelPath=args.model_folder)
            )
        ),
        "unload": failure(
            lambda: client.mmesh.unloadModel(mmesh.UnloadModelRequest(modelId="hello_world"))
        ),
        "predict": client.predict("hello_world").greeting,
        "status": failure(lambda: client.status("x")),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("command", choices=["session", "admin"])
    parser.add_argument("--target", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--model-folder", required=True)
    args = parser.parse_args()
    client = Client(load(args.stubs), args.target)
    result = session(client, args) if args.command == "session" else admin(client, args)
    client.channel.close()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
