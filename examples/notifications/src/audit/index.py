"""Write every refund to the audit table (SNS filter: kind = order_refunded)."""

import json
import os
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
AlreadyStored = table.meta.client.exceptions.ConditionalCheckFailedException


def handler(event, context):
    for record in event["Records"]:
        sns = record["Sns"]
        refund = json.loads(sns["Message"], parse_float=Decimal)  # DynamoDB rejects floats
        item = {
            # The SNS message id is stable across Lambda's retries, so a
            # retried delivery finds its record already written.
            "id": sns["MessageId"],
            "kind": refund["kind"],
            "order_id": refund["order_id"],
            "amount": refund.get("amount", Decimal("0")),
            "reason": refund.get("reason", ""),
            "published_at": refund.get("published_at", sns["Timestamp"]),
            "recorded_from": sns["TopicArn"],
        }
        try:
            table.put_item(Item=item, ConditionExpression="attribute_not_exists(id)")
        except AlreadyStored:
            print(json.dumps({"id": item["id"], "duplicate": True}))
    return {"recorded": len(event["Records"])}
