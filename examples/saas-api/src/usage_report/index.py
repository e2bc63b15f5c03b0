"""GET /usage: the calling tenant's usage from the reporting database (PostgreSQL).

The password is never in the template or the environment: the function gets the
secret's name and reads the value once per container. `pg8000` (pure Python) is
not part of the runtime: `pip install pg8000 -t src/usage_report` before building.
"""

import json
import os

import boto3

DB_HOST = os.environ["DB_HOST"]
DB_PASSWORD_SECRET = os.environ["DB_PASSWORD_SECRET"]

_connection = None


def connection():
    """One connection per container, opened with the secret read at first use."""
    global _connection
    if _connection is None:
        import pg8000.native  # vendored next to this file

        host = boto3.client("ssm").get_parameter(Name=DB_HOST)["Parameter"]["Value"]
        password = boto3.client("secretsmanager").get_secret_value(SecretId=DB_PASSWORD_SECRET)["SecretString"]
        _connection = pg8000.native.Connection("reporting", host=host, password=password, database="usage")
    return _connection


def handler(event, context):
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    tenant = claims.get("custom:tenant_id") or claims["sub"]
    rows = connection().run(
        "SELECT day::text, requests FROM daily_usage WHERE tenant_id = :t ORDER BY day DESC LIMIT 30",
        t=tenant,
    )
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps([{"day": d, "requests": r} for d, r in rows]),
    }
