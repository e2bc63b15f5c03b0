"""Nightly: count orders per partner and write the report to S3."""
import datetime
import json
import os
from collections import Counter

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
s3 = boto3.client("s3")


def handler(event, context):
    counts = Counter()
    scan = {}
    while True:
        page = table.scan(**scan)
        counts.update(item.get("partner", "unknown") for item in page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    day = datetime.date.today().isoformat()
    key = f"{os.environ['PREFIX']}{day}.json"
    s3.put_object(Bucket=os.environ["REPORTS"], Key=key, Body=json.dumps(counts).encode())
    return {"key": key, "partners": len(counts)}
