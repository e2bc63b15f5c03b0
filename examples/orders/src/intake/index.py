"""POST /orders: check the order's shape, give it an id and put it on the orders queue."""

import base64
import json
import os
import uuid
from datetime import datetime, timezone

import boto3

QUEUE_URL = os.environ["QUEUE_URL"]

sqs = boto3.client("sqs")


def respond(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def validate(order):
    """Return an error message, or None when the order is well formed."""
    if not isinstance(order, dict) or not isinstance(order.get("customer_id"), str):
        return "customer_id (string) is required"
    lines = order.get("lines")
    if not isinstance(lines, list) or not 1 <= len(lines) <= 100:
        return "lines must be a list of 1-100 items"
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("sku"), str):
            return "every line needs a sku (string)"
        if type(line.get("quantity")) is not int or line["quantity"] < 1:  # not bool
            return "every line needs a positive integer quantity"
    return None


def handler(event, context):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    try:
        order = json.loads(body)
    except json.JSONDecodeError:
        return respond(400, {"message": "body must be JSON"})
    if error := validate(order):
        return respond(400, {"message": error})

    order_id = str(uuid.uuid4())
    message = {
        "order_id": order_id,
        "customer_id": order["customer_id"],
        "lines": [{"sku": line["sku"], "quantity": line["quantity"]} for line in order["lines"]],
        "received_at": datetime.now(timezone.utc).isoformat(),
    }
    sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps(message))
    return respond(202, {"order_id": order_id, "status": "queued"})
