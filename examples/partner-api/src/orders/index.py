"""GET /orders/{id} and POST /orders for partners (REST API, proxy integration)."""
import json
import os
import uuid

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def reply(status, body):
    return {"statusCode": status, "body": json.dumps(body)}


def handler(event, context):
    partner = event["requestContext"].get("identity", {}).get("apiKeyId", "unknown")
    if event["httpMethod"] == "GET":
        item = table.get_item(Key={"id": event["pathParameters"]["id"]}).get("Item")
        if not item or item.get("partner") != partner:
            return reply(404, {"error": "no such order"})
        return reply(200, item)
    try:
        order = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return reply(400, {"error": "body is not JSON"})
    if not isinstance(order.get("items"), list) or not order["items"]:
        return reply(400, {"error": "need a non-empty items list"})
    item = {"id": str(uuid.uuid4()), "partner": partner, "items": order["items"], "stage": os.environ["STAGE"]}
    table.put_item(Item=item)
    return reply(201, item)
