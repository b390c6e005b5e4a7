"""A foreign client of the Modzy model-container contract.

It uses only Debian's python3-grpcio and python3-protobuf plus stubs that the
caller generates from tests/foreign/modzy_spec.proto (a proto written from the
specification table, not from the runtime's own protos/model.proto), so it
checks the runtime against the contract from the outside, the way the
template's Python client and the Modzy platform talk to it.

Commands (each prints one JSON document on stdout):

  session     behaves like the reference client: Status (initialise), Status
              again, one single-item Run, one 8-item Run of the same input,
              then a Run mixing good and bad items; optionally Shutdown.
  decode      decodes a file of serialized StatusResponse or RunResponse bytes.
  encode-run  encodes a one-item RunRequest and prints its bytes in base64.

Run it with Debian's interpreter (/usr/bin/python3), e.g.:

  /usr/bin/python3 client.py --stubs DIR session --target localhost:45000 \
      --input input.json=path/to/input.json --shutdown
"""

import argparse
import base64
import importlib
import json
import sys

MAX_MESSAGE_BYTES = 250 * 1024 * 1024
BATCH_ITEMS = 8


def load_stubs(stubs_dir):
    """Imports the generated message and service modules from stubs_dir."""
    sys.path.insert(0, stubs_dir)
    messages = importlib.import_module("modzy_spec_pb2")
    services = importlib.import_module("modzy_spec_pb2_grpc")
    return messages, services


def parse_inputs(pairs):
    """Turns NAME=PATH arguments into a {file name: file bytes} dict."""
    files = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"--input takes NAME=PATH, got {pair!r}")
        with open(path, "rb") as handle:
            files[name] = handle.read()
    return files


def message_dict(message):
    """A JSON-ready dict of a message: proto field names, defaults included."""
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(
        message,
        preserving_proto_field_name=True,
        including_default_value_fields=True,
    )


def printed_item(item):
    """What the reference client prints for an item: the error document when
    present, else the output file, decoded as JSON when it is JSON."""
    key = "error" if "error" in item.output else next(iter(item.output), None)
    if key is None:
        return None
    try:
        return json.loads(item.output[key])
    except ValueError:
        return None


def run_dict(response):
    """A JSON-ready dict of a RunResponse; file contents in base64."""
    return {
        "status_code": response.status_code,
        "status": response.status,
        "message": response.message,
        "outputs": [
            {
                "success": item.success,
                "output": {
                    name: base64.b64encode(data).decode("ascii")
                    for name, data in sorted(item.output.items())
                },
                "printed": printed_item(item),
            }
            for item in response.outputs
        ],
    }


def run_request(messages, items, detect_drift=False, explain=False):
    """Builds a RunRequest from a list of {file name: bytes} dicts."""
    request = messages.RunRequest(detect_drift=detect_drift, explain=explain)
    for files in items:
        item = request.inputs.add()
        for name, data in files.items():
            item.input[name] = data
    return request


def session(messages, services, args):
    """The reference client's conversation, plus the checks the tests need."""
    import grpc

    files = parse_inputs(args.input)
    options = [
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ]
    result = {}
    with grpc.insecure_channel(args.target, options=options) as channel:
        grpc.channel_ready_future(channel).result(timeout=args.timeout)
        stub = services.ModzyModelStub(channel)
        call = {"timeout": args.timeout}
        result["status"] = [
            message_dict(stub.Status(messages.StatusRequest(), **call)),
            message_dict(stub.Status(messages.StatusRequest(), **call)),
        ]
        result["run_single"] = run_dict(stub.Run(run_request(messages, [files]), **call))
        result["run_batch"] = run_dict(
            stub.Run(run_request(messages, [files] * BATCH_ITEMS), **call)
        )
        bad_items = [
            files,
            {name: b"this is not JSON {" for name in files},
            {"unexpected_file.bin": b"\x00\x01"},
        ]
        result["run_bad"] = run_dict(stub.Run(run_request(messages, bad_items), **call))
        if args.shutdown:
            result["shutdown"] = message_dict(
                stub.Shutdown(messages.ShutdownRequest(), **call)
            )
    return result


def decode(messages, args):
    """Decodes serialized response bytes with the foreign stubs."""
    with open(args.file, "rb") as handle:
        data = handle.read()
    message = getattr(messages, args.message)()
    message.ParseFromString(data)
    if args.message == "RunResponse":
        decoded = run_dict(message)
    else:
        decoded = message_dict(message)
    return {
        "decoded": decoded,
        "reserialized": base64.b64encode(message.SerializeToString(deterministic=True)).decode(
            "ascii"
        ),
    }


def encode_run(messages, args):
    """Encodes a one-item RunRequest with the foreign stubs."""
    request = run_request(messages, [parse_inputs(args.input)])
    data = request.SerializeToString(deterministic=True)
    return {"request": base64.b64encode(data).decode("ascii")}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stubs", required=True, help="folder of the generated stubs")
    commands = parser.add_subparsers(dest="command", required=True)

    session_args = commands.add_parser("session")
    session_args.add_argument("--target", required=True, help="host:port")
    session_args.add_argument("--input", action="append", default=[], help="NAME=PATH")
    session_args.add_argument("--timeout", type=float, default=120.0)
    session_args.add_argument("--shutdown", action="store_true")

    decode_args = commands.add_parser("decode")
    decode_args.add_argument("--message", required=True, choices=["StatusResponse", "RunResponse"])
    decode_args.add_argument("--file", required=True)

    encode_args = commands.add_parser("encode-run")
    encode_args.add_argument("--input", action="append", default=[], help="NAME=PATH")

    args = parser.parse_args(argv)
    messages, services = load_stubs(args.stubs)
    if args.command == "session":
        result = session(messages, services, args)
    elif args.command == "decode":
        result = decode(messages, args)
    else:
        result = encode_run(messages, args)
    json.dump(result, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
