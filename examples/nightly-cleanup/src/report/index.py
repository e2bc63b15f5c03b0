"""Summarise the objects under PREFIX and store the summary as JSON under REPORT_PREFIX."""

import json
import os
from datetime import datetime, timezone

import boto3

BUCKET = os.environ["BUCKET"]
PREFIX = os.environ.get("PREFIX", "tmp/")
REPORT_PREFIX = os.environ.get("REPORT_PREFIX", "reports/")

s3 = boto3.client("s3")


def summarise():
    count, total_bytes, oldest = 0, 0, None
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX):
        for obj in page.get("Contents", []):
            count += 1
            total_bytes += obj["Size"]
            if oldest is None or obj["LastModified"] < oldest["LastModified"]:
                oldest = obj
    return {
        "objects": count,
        "total_mib": round(total_bytes / 2**20, 1),
        "oldest_key": oldest["Key"] if oldest else None,
        "oldest_modified": oldest["LastModified"].isoformat() if oldest else None,
    }


def handler(event, context):
    now = datetime.now(timezone.utc)
    report = {"bucket": BUCKET, "prefix": PREFIX, "generated_at": now.isoformat(), **summarise()}

    key = f"{REPORT_PREFIX}{now:%Y-%m-%d}.json"
    s3.put_object(
        Bucket=BUCKET,
        Key=key,
        Body=json.dumps(report, indent=2).encode(),
        ContentType="application/json",
    )
    print(json.dumps({"report": f"s3://{BUCKET}/{key}", **report}))
    return {"report_key": key}
