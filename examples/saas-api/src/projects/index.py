"""GET/POST /projects: the calling tenant's projects, keyed by the tenant in its JWT."""

import json
import os
import uuid

import boto3
from boto3.dynamodb.conditions import Key

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def respond(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def tenant_of(event):
    """The tenant the API's JWT authorizer vouched for (a custom claim)."""
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    return claims.get("custom:tenant_id") or claims["sub"]


def handler(event, context):
    tenant = tenant_of(event)
    if event["requestContext"]["http"]["method"] == "GET":
        items = table.query(KeyConditionExpression=Key("tenant_id").eq(tenant))["Items"]
        return respond(200, [{"id": i["project_id"], "name": i.get("name", "")} for i in items])
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return respond(400, {"error": "the body is not JSON"})
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        return respond(400, {"error": "name (1-100 characters) is required"})
    project = {"tenant_id": tenant, "project_id": str(uuid.uuid4()), "name": name}
    table.put_item(Item=project)
    return respond(201, {"id": project["project_id"], "name": name})
