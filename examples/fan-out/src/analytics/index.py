"""Counts order events per kind; messages arrive in the SNS envelope."""
import json
from collections import Counter


def handler(event, context):
    kinds = Counter()
    for record in event["Records"]:
        envelope = json.loads(record["body"])
        kind = envelope.get("MessageAttributes", {}).get("kind", {}).get("Value", "unknown")
        kinds[kind] += 1
    print(json.dumps({"counts": kinds}))
    return dict(kinds)
