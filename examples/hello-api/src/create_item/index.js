// POST /items: validate a JSON body and store it as a new item with a generated id.
const { randomUUID } = require("node:crypto");
const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");

const db = new DynamoDBClient({});
const TABLE = process.env.TABLE;

const json = (statusCode, body, headers = {}) => ({
  statusCode,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

function parseBody(event) {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : event.body ?? "";
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

exports.handler = async (event) => {
  const input = parseBody(event);
  const name = typeof input?.name === "string" ? input.name.trim() : "";
  const quantity = input?.quantity ?? 1;
  if (!name || name.length > 200) {
    return json(400, { message: "body must be JSON with a name of 1-200 characters" });
  }
  if (!Number.isInteger(quantity) || quantity < 1) {
    return json(400, { message: "quantity must be a positive integer" });
  }

  const item = { id: randomUUID(), name, quantity, createdAt: new Date().toISOString() };
  await db.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        id: { S: item.id },
        name: { S: item.name },
        quantity: { N: String(item.quantity) },
        created_at: { S: item.createdAt },
      },
      ConditionExpression: "attribute_not_exists(id)", // never overwrite an item
    }),
  );

  return json(201, item, { location: `/items/${item.id}` });
};
