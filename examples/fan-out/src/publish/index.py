"""POST /events: check an order event and publish it to SNS once."""
import json
import os

import boto3

KINDS = {"order_placed", "order_paid", "order_refunded", "order_shipped"}
sns = boto3.client("sns")


def handler(event, context):
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return {"statusCode": 400, "body": json.dumps({"error": "body is not JSON"})}
    kind = body.get("kind")
    if kind not in KINDS or not body.get("order_id"):
        return {"statusCode": 400, "body": json.dumps({"error": "need kind and order_id"})}
    sns.publish(
        TopicArn=os.environ["TOPIC_ARN"],
        Message=json.dumps(body),
        MessageAttributes={"kind": {"DataType": "String", "StringValue": kind}},
    )
    return {"statusCode": 202, "body": json.dumps({"published": kind})}
