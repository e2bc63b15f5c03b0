"""POST /orders/{order_id}/approval with {"approved": true|false}: sends the
decision back to the workflow waiting in its `approval` step. Approved, the
order goes on to `fulfil`; rejected, the step fails with the error `Rejected`,
which the workflow catches and sends to `rejected`."""

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE"])
SFN = boto3.client("stepfunctions")


def answer(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def handler(event, _context):
    order_id = event["pathParameters"]["order_id"]
    try:
        approved = json.loads(event.get("body") or "{}").get("approved")
    except json.JSONDecodeError:
        approved = None
    if not isinstance(approved, bool):
        return answer(400, {"error": 'send {"approved": true} or {"approved": false}'})
    item = TABLE.get_item(Key={"order_id": order_id}).get("Item")
    if not item or "approval_token" not in item:
        return answer(404, {"error": f"order {order_id} is not waiting for approval"})
    token = item["approval_token"]
    if approved:
        order = json.loads(item["approval_input"])
        SFN.send_task_success(taskToken=token, output=json.dumps({**order, "approved": True}))
    else:
        SFN.send_task_failure(taskToken=token, error="Rejected", cause=f"order {order_id} was not approved")
    # The token is used up either way.
    TABLE.update_item(
        Key={"order_id": order_id},
        UpdateExpression="SET #s = :s REMOVE approval_token, approval_input",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": "approved" if approved else "rejected"},
    )
    return answer(200, {"order_id": order_id, "approved": approved})
