// POST /checkout: start the checkout workflow for the order in the body.
// The execution is named after the order, so posting the same order twice
// starts it only once (Step Functions keeps names unique for 90 days).
const { randomUUID } = require("node:crypto");
const { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } = require("@aws-sdk/client-sfn");

const sfn = new SFNClient({});
const WORKFLOW_ARN = process.env.WORKFLOW_ARN;

const json = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

exports.handler = async (event) => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body ?? "";
  let order;
  try {
    order = JSON.parse(raw);
  } catch {
    return json(400, { message: "body must be JSON" });
  }
  if (typeof order !== "object" || order === null || Array.isArray(order)) {
    return json(400, { message: "body must be a JSON object" });
  }
  order.order_id ??= randomUUID();
  // Execution names allow letters, digits, - and _ (up to 80 characters).
  if (typeof order.order_id !== "string" || !/^[A-Za-z0-9_-]{1,80}$/.test(order.order_id)) {
    return json(400, { message: "order_id must be 1-80 letters, digits, - or _" });
  }

  try {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: WORKFLOW_ARN, name: order.order_id, input: JSON.stringify(order) }),
    );
    return json(202, { order_id: order.order_id, execution_arn: started.executionArn });
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) {
      return json(409, { message: `order ${order.order_id} was already started` });
    }
    throw error;
  }
};
