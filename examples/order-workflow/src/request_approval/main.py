"""Order workflow, step `approval` (a callback step): Step Functions calls
this function with `{"input": <order>, "token": <task token>}` and waits until
someone sends the token back (`approve`, behind POST /orders/{id}/approval).
This function only keeps the token with the order and returns."""

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, _context):
    order = event["input"]
    TABLE.update_item(
        Key={"order_id": order["order_id"]},
        UpdateExpression="SET #s = :s, approval_token = :t, approval_input = :i",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={
            ":s": "awaiting_approval",
            ":t": event["token"],
            ":i": json.dumps(order),
        },
    )
    print(json.dumps({"order_id": order["order_id"], "status": "awaiting_approval"}))
