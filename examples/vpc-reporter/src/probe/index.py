"""Probe internal HTTP services and record what they answered.

TARGETS is a comma-separated list of URLs. Each is fetched with GET; the
status (or the error) and the latency are written to CHECKS_TABLE, and every
failure is published to ALERTS_TOPIC in one message.
"""

import json
import os
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["CHECKS_TABLE"])
SNS = boto3.client("sns")
TIMEOUT_S = float(os.environ.get("TIMEOUT_S", "5"))


def targets():
    return [t.strip() for t in os.environ.get("TARGETS", "").split(",") if t.strip()]


def probe(url):
    """(ok, status or error text, milliseconds) for one GET of `url`."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            status = response.status
        ok = 200 <= status < 400
        detail = str(status)
    except urllib.error.HTTPError as e:
        ok, detail = False, str(e.code)
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        ok, detail = False, f"error: {getattr(e, 'reason', e)}"
    return ok, detail, round((time.monotonic() - started) * 1000)


def handler(event, context):
    checked_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    failures = []
    for url in targets():
        ok, detail, ms = probe(url)
        TABLE.put_item(
            Item={
                "target": url,
                "checked_at": checked_at,
                "ok": ok,
                "detail": detail,
                "latency_ms": ms,
            }
        )
        if not ok:
            failures.append({"target": url, "detail": detail, "latency_ms": ms})
    if failures:
        SNS.publish(
            TopicArn=os.environ["ALERTS_TOPIC"],
            Subject=f"{len(failures)} internal service(s) failing",
            Message=json.dumps({"checked_at": checked_at, "failures": failures}, indent=2),
        )
    return {"checked_at": checked_at, "probed": len(targets()), "failing": len(failures)}
