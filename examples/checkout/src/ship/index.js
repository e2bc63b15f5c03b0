// Checkout step 3: record the shipment for the charged order in DynamoDB.
const { DynamoDBClient, PutItemCommand, ConditionalCheckFailedException } = require("@aws-sdk/client-dynamodb");

const db = new DynamoDBClient({});
const TABLE = process.env.TABLE;

exports.handler = async (order) => {
  if (!order.payment?.id) throw new Error(`order ${order.order_id} reached ship without a payment`);

  const shipment = {
    order_id: order.order_id,
    status: "ready_to_ship",
    carrier: order.address.country === "DE" ? "DHL" : "UPS",
    created_at: new Date().toISOString(),
  };
  try {
    await db.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          order_id: { S: shipment.order_id },
          status: { S: shipment.status },
          carrier: { S: shipment.carrier },
          customer_id: { S: order.customer_id },
          address: { S: JSON.stringify(order.address) },
          items: { N: String(order.lines.reduce((n, line) => n + line.quantity, 0)) },
          payment_id: { S: order.payment.id },
          total_cents: { N: String(order.payment.total_cents) },
          created_at: { S: shipment.created_at },
        },
        // A retried step finds its shipment already written and moves on.
        ConditionExpression: "attribute_not_exists(order_id)",
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    shipment.duplicate = true;
  }
  return { ...order, shipment };
};
