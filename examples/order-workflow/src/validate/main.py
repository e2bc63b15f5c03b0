"""Order workflow, step `validate`: check the order, total it, and build the
item the `save` step writes to the `orders` table."""


class InvalidOrder(Exception):
    """The workflow catches this error by its name and goes to `rejected`."""


def handler(event, _context):
    # Started by an `OrderPlaced` event, the order is the event's detail.
    order = event.get("detail", event)
    order_id = order.get("order_id")
    lines = order.get("lines") or []
    if not isinstance(order_id, str) or not order_id:
        raise InvalidOrder("the order has no order_id")
    if not 1 <= len(lines) <= 100:
        raise InvalidOrder(f"order {order_id} has {len(lines)} lines; 1 to 100 are allowed")
    for line in lines:
        if not isinstance(line.get("sku"), str) or int(line.get("quantity", 0)) < 1:
            raise InvalidOrder(f"order {order_id} has a line without sku or quantity")
    total = sum(int(line["quantity"]) * int(line.get("unit_price_cents", 0)) for line in lines)
    clean = {
        "order_id": order_id,
        "customer_id": str(order.get("customer_id", "")),
        "lines": [
            {"sku": l["sku"], "quantity": int(l["quantity"]), "unit_price_cents": int(l.get("unit_price_cents", 0))}
            for l in lines
        ],
        "total_cents": total,
    }
    # DynamoDB's attribute-value form, as the `put` step passes it on unchanged.
    clean["item"] = {
        "order_id": {"S": order_id},
        "customer_id": {"S": clean["customer_id"]},
        "total_cents": {"N": str(total)},
        "status": {"S": "received"},
    }
    return clean
