"""Order workflow, branch `charge` of `fulfil`: take a (fake) payment. The
payment id is derived from the order, so a retried step charges once."""

import hashlib
import os

CURRENCY = os.environ.get("CURRENCY", "EUR")


def handler(order, _context):
    digest = hashlib.sha256(f"{order['order_id']}:{order['total_cents']}".encode()).hexdigest()
    return {"payment_id": "pay_" + digest[:16], "currency": CURRENCY, "amount_cents": order["total_cents"]}
