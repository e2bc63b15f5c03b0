// Weekday evenings: stop every running instance whose auto-stop-after time has
// passed, except those tagged keep-running = true. Invoke with {"dryRun": true}
// to only list them.
const { EC2Client, paginateDescribeInstances, StopInstancesCommand } = require("@aws-sdk/client-ec2");

const ec2 = new EC2Client({});
const TAG = "auto-stop-after";

const tagValue = (instance, key) => instance.Tags?.find((t) => t.Key === key)?.Value;

async function expiredInstances(now) {
  const ids = [];
  const pages = paginateDescribeInstances(
    { client: ec2 },
    {
      Filters: [
        { Name: "instance-state-name", Values: ["running"] },
        { Name: "tag-key", Values: [TAG] },
      ],
    },
  );
  for await (const page of pages) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        const stopAfter = Date.parse(tagValue(instance, TAG) ?? "");
        if (tagValue(instance, "keep-running") === "true" || Number.isNaN(stopAfter)) continue;
        if (stopAfter <= now) ids.push(instance.InstanceId);
      }
    }
  }
  return ids;
}

exports.handler = async (event) => {
  const ids = await expiredInstances(Date.now());
  if (event?.dryRun || ids.length === 0) {
    console.log(JSON.stringify({ dryRun: Boolean(event?.dryRun), expired: ids }));
    return { stopped: [], expired: ids };
  }
  // StopInstances takes many ids at once; stay well below the API's limits.
  for (let i = 0; i < ids.length; i += 50) {
    await ec2.send(new StopInstancesCommand({ InstanceIds: ids.slice(i, i + 50) }));
  }
  console.log(JSON.stringify({ stopped: ids }));
  return { stopped: ids };
};
