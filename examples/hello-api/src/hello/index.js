// GET /hello and GET /hello/{name}: a JSON greeting.

const json = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

exports.handler = async (event) => {
  // HTTP API payload 2.0: path parameters are already URL-decoded.
  const name = event.pathParameters?.name ?? event.queryStringParameters?.name ?? "world";
  if (name.length > 100) {
    return json(400, { message: "name must be at most 100 characters" });
  }
  return json(200, {
    message: `Hello, ${name}!`,
    time: new Date().toISOString(),
    requestId: event.requestContext?.requestId,
  });
};
