"""Store each queued order in DynamoDB, reporting only the failed messages back to SQS."""

import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
AlreadyStored = table.meta.client.exceptions.ConditionalCheckFailedException


def store(order):
    """Write the order once; a redelivered message finds it already stored."""
    item = {
        "order_id": order["order_id"],
        "customer_id": order["customer_id"],
        "lines": order["lines"],  # a list of {"sku": str, "quantity": int} maps
        "received_at": order["received_at"],
        "status": "received",
    }
    try:
        table.put_item(Item=item, ConditionExpression="attribute_not_exists(order_id)")
    except AlreadyStored:
        print(json.dumps({"order_id": order["order_id"], "duplicate": True}))


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            store(json.loads(record["body"]))
        except Exception as error:  # one bad message must not fail the whole batch
            print(json.dumps({"message_id": record["messageId"], "error": repr(error)}))
            failures.append({"itemIdentifier": record["messageId"]})
    # With report_failures = true, SQS deletes every message not listed here;
    # listed ones come back after the visibility timeout and, after 5 receives,
    # move to orders_dlq.
    return {"batchItemFailures": failures}
