"""Add a batch of analytics records from Kinesis to the per-day totals in DynamoDB."""

import base64
import json
import os
from collections import defaultdict
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, context):
    # Sum the batch in memory first: one write per day instead of one per record.
    totals = defaultdict(lambda: {"orders": 0, "revenue": Decimal("0"), "updates": 0})
    for record in event["Records"]:
        data = json.loads(base64.b64decode(record["kinesis"]["data"]))
        day = totals[data["day"]]
        day["revenue"] += Decimal(data["amount_delta"])
        day["updates"] += 1
        if data["new_order"]:
            day["orders"] += 1

    for day, total in sorted(totals.items()):
        # ADD creates the attributes on a day's first write and adds afterwards.
        table.update_item(
            Key={"day": day},
            UpdateExpression="ADD order_count :orders, revenue :revenue, update_count :updates",
            ExpressionAttributeValues={
                ":orders": total["orders"],
                ":revenue": total["revenue"],
                ":updates": total["updates"],
            },
        )
    print(json.dumps({"records": len(event["Records"]), "days": sorted(totals)}))
    return {"days": len(totals)}
