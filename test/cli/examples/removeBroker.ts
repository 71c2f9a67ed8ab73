// The script of docs/client.md, type checked with the rest: remove broker 5 and wait for its drain.
import { connect } from 'kafkaplane/client';

const kafkaplane = connect({ server: process.env.KAFKAPLANE_SERVER });
const removed = await kafkaplane.removeBroker('kafka/kafka', { brokerId: 5 });
if (removed.userErrors.length > 0) throw new Error(removed.userErrors.map((e) => e.message).join('; '));
for (const operation of removed.operations) {
  for await (const update of kafkaplane.follow(operation.id)) console.log(update.state, update.progress?.percentDataMoved ?? 0);
}
await kafkaplane.close();
