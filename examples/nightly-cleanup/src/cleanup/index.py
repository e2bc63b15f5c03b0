"""Delete objects under PREFIX in BUCKET that are older than MAX_AGE_DAYS."""

import json
import os
from datetime import datetime, timedelta, timezone

import boto3

BUCKET = os.environ["BUCKET"]
PREFIX = os.environ.get("PREFIX", "tmp/")
MAX_AGE_DAYS = int(os.environ.get("MAX_AGE_DAYS", "30"))

s3 = boto3.client("s3")


def old_keys(cutoff):
    """Yield the keys under PREFIX last modified before `cutoff`."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX):
        for obj in page.get("Contents", []):
            if obj["LastModified"] < cutoff:
                yield obj["Key"]


def delete(keys):
    """Delete up to 1000 keys in one request; raise if any could not be deleted."""
    result = s3.delete_objects(
        Bucket=BUCKET,
        Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True},
    )
    if result.get("Errors"):
        raise RuntimeError(f"could not delete {len(result['Errors'])} objects: {result['Errors'][:3]}")


def handler(event, context):
    # Invoke by hand with {"dry_run": true} to see what would be deleted.
    dry_run = bool(event.get("dry_run", False))
    cutoff = datetime.now(timezone.utc) - timedelta(days=MAX_AGE_DAYS)

    batch, deleted = [], 0
    for key in old_keys(cutoff):
        batch.append(key)
        if len(batch) == 1000:
            if not dry_run:
                delete(batch)
            deleted += len(batch)
            batch = []
    if batch and not dry_run:
        delete(batch)
    deleted += len(batch)

    summary = {"bucket": BUCKET, "prefix": PREFIX, "cutoff": cutoff.isoformat(),
               "deleted": deleted, "dry_run": dry_run}
    print(json.dumps(summary))
    return summary
