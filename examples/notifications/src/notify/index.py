"""Compose the confirmation email for each placed order (SNS filter: kind = order_placed)."""

import json
import os

SENDER = os.environ["SENDER"]

TEMPLATE = """Hello {customer},

thank you for your order {order_id}. We received it and will let you know
as soon as it ships.

Total: {total}
"""


def compose(order):
    total = sum(line.get("price", 0) * line.get("quantity", 1) for line in order.get("lines", []))
    return {
        "from": SENDER,
        "to": order.get("email", "unknown@example.com"),
        "subject": f"Your order {order['order_id']}",
        "text": TEMPLATE.format(
            customer=order.get("customer_name", "customer"),
            order_id=order["order_id"],
            total=f"{total:.2f}",
        ),
    }


def handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["Sns"]["Message"])
        email = compose(order)
        # A real notifier hands this to SES; the example logs it, which is
        # enough to watch the fan-out work in CloudWatch Logs.
        print(json.dumps({"sns_message_id": record["Sns"]["MessageId"], "email": email}))
    return {"sent": len(event["Records"])}
