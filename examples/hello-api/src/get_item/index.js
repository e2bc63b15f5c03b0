// GET /items/{id}: read one item from the DynamoDB table named in TABLE.
// The AWS SDK v3 ships with the nodejs22.x runtime; nothing to install.
const { DynamoDBClient, GetItemCommand } = require("@aws-sdk/client-dynamodb");

const db = new DynamoDBClient({});
const TABLE = process.env.TABLE;

const json = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

exports.handler = async (event) => {
  const id = event.pathParameters?.id;
  if (!id) {
    return json(400, { message: "missing item id" });
  }

  const { Item } = await db.send(
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: id } } }),
  );
  if (!Item) {
    return json(404, { message: `item ${id} not found` });
  }

  return json(200, {
    id: Item.id.S,
    name: Item.name.S,
    quantity: Number(Item.quantity.N),
    createdAt: Item.created_at.S,
  });
};
