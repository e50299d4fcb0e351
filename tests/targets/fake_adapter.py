"""A JSON-lines adapter for tests; the operation name picks the behaviour."""

from __future__ import annotations

import json
import os
import sys
import time


def answer(operation: str, params: object) -> object:
    if operation == "Echo":
        env = {k: os.environ.get(k) for k in ("SMCONTRACT_ENDPOINT", "AWS_REGION")}
        return {"status": 200, "error_code": None, "message": None, "body": {"echo": params, **env}}
    if operation in ("Rewrite", "Faithful"):
        sent = dict(params) if isinstance(params, dict) else {}
        if operation == "Rewrite":
            sent["List"] = {}  # what the JS SDK does to a list where a structure belongs
        return {"status": 200, "error_code": None, "message": None, "body": {}, "sent": sent}
    if operation == "Pid":
        return {"status": 200, "error_code": None, "message": None, "body": {"pid": os.getpid()}}
    if operation == "Client":
        return {
            "status": None,
            "error_code": "ValidationError",
            "message": "rejected before sending",
            "body": None,
            "layer": "client",
        }
    if operation == "Raw500":
        return {
            "status": 500,
            "error_code": None,
            "message": "Unexpected token '<'",
            "body": None,
            "raw_body": "<p>NotImplementedError: The x action has not been implemented</p>",
        }
    if operation == "Json500":
        return {"status": 500, "error_code": "InternalFailure", "message": "later", "body": None}
    if operation == "Unknown":
        return {
            "status": 400,
            "error_code": "UnknownOperationException",
            "message": None,
            "body": None,
        }
    if operation == "Secret":
        secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
        return {"status": 400, "error_code": "X", "message": f"key={secret}", "body": {"k": secret}}
    return {"status": 404, "error_code": "NoSuchBehaviour", "message": operation, "body": None}


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        operation = request["operation"]
        if operation == "Die":
            print("dying on purpose", file=sys.stderr, flush=True)
            sys.exit(3)
        if operation == "Hang":
            time.sleep(30)
        if operation == "Garbage":
            print("this is not json", flush=True)
            continue
        if operation == "WrongShape":
            print(json.dumps({"status": "200"}), flush=True)
            continue
        print(json.dumps(answer(operation, request["params"])), flush=True)


if __name__ == "__main__":
    main()
