// Tag every instance that enters the `running` state with the time after which
// the nightly run may stop it (EventBridge: EC2 Instance State-change Notification).
const { EC2Client, CreateTagsCommand } = require("@aws-sdk/client-ec2");

const ec2 = new EC2Client({});
const GRACE_HOURS = Number(process.env.GRACE_HOURS ?? "2");
const TAG = "auto-stop-after";

exports.handler = async (event) => {
  const instanceId = event.detail?.["instance-id"];
  if (!instanceId || event.detail.state !== "running") {
    console.log(JSON.stringify({ skipped: true, detail: event.detail }));
    return { tagged: 0 };
  }

  // The event's own time, not "now": a retried delivery writes the same value.
  const startedAt = Date.parse(event.time) || Date.now();
  const stopAfter = new Date(startedAt + GRACE_HOURS * 3600 * 1000).toISOString();

  // Restarting an instance moves its stop-after time; an instance that must
  // keep running is tagged keep-running = true by its owner instead.
  await ec2.send(
    new CreateTagsCommand({
      Resources: [instanceId],
      Tags: [{ Key: TAG, Value: stopAfter }],
    }),
  );
  console.log(JSON.stringify({ instanceId, [TAG]: stopAfter }));
  return { tagged: 1, instanceId, stopAfter };
};
