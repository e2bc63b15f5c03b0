// Checkout step 1: check the order's fields and pass a clean copy on.
// Started by EventBridge the input is the whole event (the order is its
// `detail`); started by POST /checkout it is the order itself.

class InvalidOrder extends Error {
  constructor(message) {
    super(message);
    this.name = "InvalidOrder"; // the execution's error name in the console
  }
}

const isText = (v) => typeof v === "string" && v.length > 0 && v.length <= 200;

exports.handler = async (input) => {
  const order = input?.detail ?? input ?? {};
  if (!isText(order.order_id)) throw new InvalidOrder("order_id (string) is required");
  if (!isText(order.customer_id)) throw new InvalidOrder("customer_id (string) is required");
  if (!Array.isArray(order.lines) || order.lines.length < 1 || order.lines.length > 100) {
    throw new InvalidOrder("lines must be a list of 1-100 items");
  }
  const lines = order.lines.map((line, i) => {
    if (!isText(line?.sku)) throw new InvalidOrder(`lines[${i}].sku (string) is required`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new InvalidOrder(`lines[${i}].quantity must be a positive integer`);
    }
    if (!Number.isInteger(line.unit_price_cents) || line.unit_price_cents < 0) {
      throw new InvalidOrder(`lines[${i}].unit_price_cents must be a non-negative integer`);
    }
    return { sku: line.sku, quantity: line.quantity, unit_price_cents: line.unit_price_cents };
  });
  const address = order.address ?? {};
  if (!isText(address.name) || !isText(address.city) || !isText(address.country)) {
    throw new InvalidOrder("address needs name, city and country");
  }

  return {
    order_id: order.order_id,
    customer_id: order.customer_id,
    lines,
    address: { name: address.name, street: address.street ?? "", city: address.city, country: address.country },
    validated_at: new Date().toISOString(),
  };
};
