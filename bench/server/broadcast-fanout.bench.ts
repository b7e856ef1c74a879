/**
 * Broadcast fan-out: one sender, 50 websocket subscribers on one topic (protocol 2.0.0, binary
 * frames, as supabase-js speaks it). Reports the send → receive delay over every delivery, p50/p99
 * (goal: < 50 / 150 ms). Baseline, measured in the same run: the same with one subscriber.
 */
import WebSocket from 'ws';
import { startLocalServer } from '../../server/local-server.ts';
import { machine, ms, summary } from './bench-stats.ts';

const MESSAGES = 200;
const TOPIC = 'realtime:fanout';

function connect(url: string, apikey: string): Promise<WebSocket> {
  const socket = new WebSocket(
    `${url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${apikey}&vsn=2.0.0`,
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function join(socket: WebSocket, ref: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, binary: boolean) => {
      if (binary) return;
      const frame = JSON.parse(data.toString()) as unknown[];
      if (frame[1] === ref && frame[3] === 'phx_reply') {
        socket.off('message', onMessage);
        resolve();
      }
    };
    socket.on('message', onMessage);
    socket.send(
      JSON.stringify([ref, ref, TOPIC, 'phx_join', { config: { broadcast: { self: false, ack: false } } }]),
    );
  });
}

/** A kind-3 user broadcast push carrying the send time. */
function push(sentAt: number): Buffer {
  const topic = Buffer.from(TOPIC);
  const event = Buffer.from('tick');
  const payload = Buffer.from(JSON.stringify({ sentAt }));
  return Buffer.concat([
    Buffer.from([3, 1, 1, topic.length, event.length, 0, 1]),
    Buffer.from('1'),
    Buffer.from('2'),
    topic,
    event,
    payload,
  ]);
}

async function run(url: string, apikey: string, subscribers: number): Promise<number[]> {
  const sender = await connect(url, apikey);
  await join(sender, '1');
  const receivers = await Promise.all(Array.from({ length: subscribers }, () => connect(url, apikey)));
  await Promise.all(receivers.map((socket, i) => join(socket, String(i + 10))));
  const delays: number[] = [];
  let pending = 0;
  let done: () => void = () => undefined;
  for (const socket of receivers) {
    socket.on('message', (data: Buffer, binary: boolean) => {
      if (!binary) return;
      const json = data.subarray(5 + data[1]! + data[2]! + data[3]!);
      delays.push(performance.now() - (JSON.parse(json.toString()) as { sentAt: number }).sentAt);
      if (--pending === 0) done();
    });
  }
  for (let i = 0; i < MESSAGES; i++) {
    pending = subscribers;
    const all = new Promise<void>((resolve) => (done = resolve));
    sender.send(push(performance.now()));
    await all;
  }
  for (const socket of [sender, ...receivers]) socket.terminate();
  return delays;
}

const server = await startLocalServer({ seed: false, port: 0 });
try {
  console.log(`broadcast fan-out · ${machine()}`);
  await run(server.url, server.serviceRoleKey, 5); // warm-up (channels need a user or the service role)
  const one = summary(await run(server.url, server.serviceRoleKey, 1));
  const fifty = summary(await run(server.url, server.serviceRoleKey, 50));
  console.log(`  1 subscriber   (baseline)  p50 ${ms(one.p50)}  p99 ${ms(one.p99)}  (${one.n} deliveries)`);
  console.log(
    `  50 subscribers             p50 ${ms(fifty.p50)}  p99 ${ms(fifty.p99)}  (${fifty.n} deliveries)`,
  );
  console.log(
    `  ratio 50 / 1               p50 ${(fifty.p50 / one.p50).toFixed(2)}x  p99 ${(fifty.p99 / one.p99).toFixed(2)}x`,
  );
  console.log(`  goal p50 < 50 ms, p99 < 150 ms: ${fifty.p50 < 50 && fifty.p99 < 150 ? 'met' : 'NOT met'}`);
} finally {
  await server.close();
}
