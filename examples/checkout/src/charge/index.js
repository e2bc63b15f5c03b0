// Checkout step 2: compute the order's total and take a (fake) payment.
// A real step would call the payment provider with the order id as its
// idempotency key, so the workflow's retries never charge twice.
const { createHash } = require("node:crypto");

const CURRENCY = process.env.CURRENCY ?? "EUR";
const SHIPPING_CENTS = 499;
const FREE_SHIPPING_FROM_CENTS = 5000;

exports.handler = async (order) => {
  const subtotal = order.lines.reduce((sum, line) => sum + line.quantity * line.unit_price_cents, 0);
  const shipping = subtotal >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  const total = subtotal + shipping;

  // Derived from the order id, so a retried step yields the same payment id.
  const paymentId =
    "pay_" + createHash("sha256").update(`${order.order_id}:${total}`).digest("hex").slice(0, 16);

  console.log(JSON.stringify({ order_id: order.order_id, total_cents: total, payment_id: paymentId }));
  return {
    ...order,
    payment: {
      id: paymentId,
      currency: CURRENCY,
      subtotal_cents: subtotal,
      shipping_cents: shipping,
      total_cents: total,
      charged_at: new Date().toISOString(),
    },
  };
};
