"""POST /events: check an order event and publish it to the orders_events topic."""

import base64
import json
import os
from datetime import datetime, timezone

import boto3

TOPIC_ARN = os.environ["TOPIC_ARN"]
KINDS = {"order_placed", "order_refunded", "order_shipped"}

sns = boto3.client("sns")


def respond(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def handler(event, context):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    try:
        message = json.loads(body)
    except json.JSONDecodeError:
        return respond(400, {"message": "body must be JSON"})
    if not isinstance(message, dict) or message.get("kind") not in KINDS:
        return respond(400, {"message": f"kind must be one of {sorted(KINDS)}"})
    if not isinstance(message.get("order_id"), str):
        return respond(400, {"message": "order_id (string) is required"})

    message["published_at"] = datetime.now(timezone.utc).isoformat()
    result = sns.publish(
        TopicArn=TOPIC_ARN,
        Message=json.dumps(message),
        # Subscription filter policies match message attributes, not the body.
        MessageAttributes={"kind": {"DataType": "String", "StringValue": message["kind"]}},
    )
    return respond(202, {"message_id": result["MessageId"], "kind": message["kind"]})
