"""Books paid and refunded orders; the queue delivers the raw order JSON."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["LEDGER_TABLE"])


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            sign = -1 if order["kind"] == "order_refunded" else 1
            table.put_item(
                Item={
                    "order_id": order["order_id"],
                    "kind": order["kind"],
                    "amount_cents": sign * int(round(float(order["amount"]) * 100)),
                }
            )
        except Exception:  # report the message, keep the rest of the batch
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
