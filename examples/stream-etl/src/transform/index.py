"""Turn DynamoDB stream records of `orders` into analytics records on the Kinesis stream."""

import json
import os

import boto3
from boto3.dynamodb.types import TypeDeserializer

STREAM_NAME = os.environ["STREAM_NAME"]

kinesis = boto3.client("kinesis")
deserialize = TypeDeserializer().deserialize


def image(record, which):
    raw = record["dynamodb"].get(which) or {}
    return {key: deserialize(value) for key, value in raw.items()}


def analytics_record(record):
    new, old = image(record, "NewImage"), image(record, "OldImage")
    amount = new.get("amount", 0)
    return {
        "order_id": new["order_id"],
        "day": str(new.get("created_at", ""))[:10] or "unknown",  # ISO date prefix
        "status": new.get("status", "unknown"),
        # An update adds only its difference, so the loader's sums stay right.
        "amount_delta": str(amount - old.get("amount", 0)),
        "new_order": record["eventName"] == "INSERT",
        "sequence": record["dynamodb"]["SequenceNumber"],
    }


def handler(event, context):
    # The mapping's filter lets only INSERT and MODIFY through.
    records = [analytics_record(r) for r in event["Records"]]
    if not records:
        return {"written": 0}
    result = kinesis.put_records(
        StreamName=STREAM_NAME,
        Records=[
            {"Data": json.dumps(r).encode("utf-8"), "PartitionKey": r["order_id"]}
            for r in records
        ],
    )
    if result["FailedRecordCount"]:
        # Fail the batch: the mapping retries it (bisecting), then reports it
        # to etl_failures.
        raise RuntimeError(f"{result['FailedRecordCount']} of {len(records)} records not written")
    return {"written": len(records)}
