/**
 * A process hosting some of the P3 devices (sync engines with fake-indexeddb), so the devices of
 * the latency benchmark spread over several event loops as real devices would. Driven by JSON
 * lines on stdin, answers JSON lines on stdout; times are epoch ms (timeOrigin + now), comparable
 * across processes on one machine.
 */
import 'fake-indexeddb/auto';
import { createInterface } from 'node:readline';
import { liveQuery } from 'dexie';
import {
  demoStaffEmails,
  startSyncClient,
  syncUntilQuiet,
  type SyncClient,
} from '../../tests/support/sync-client.ts';

type Command =
  | { readonly cmd: 'expect'; readonly id: string; readonly notes: string; readonly skip: number | null }
  | { readonly cmd: 'write'; readonly device: number; readonly id: string; readonly notes: string }
  | { readonly cmd: 'ids' }
  | { readonly cmd: 'quit' };

const epochNow = (): number => performance.timeOrigin + performance.now();
const say = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

const url = process.env['BENCH_SERVER_URL'] ?? '';
const anonKey = process.env['BENCH_ANON_KEY'] ?? '';
const count = Number(process.env['BENCH_DEVICE_COUNT'] ?? 1);
const devices: SyncClient[] = [];
for (let i = 0; i < count; i += 1) {
  const device = await startSyncClient(
    { url, anonKey },
    { name: `device-${process.pid}-${i}`, email: demoStaffEmails[i % demoStaffEmails.length]! },
  );
  await syncUntilQuiet(device);
  devices.push(device);
}
say({ ready: true });

function expect(id: string, notes: string, skip: number | null): void {
  devices.forEach((device, index) => {
    if (index === skip) return;
    const subscription = liveQuery(() => device.db.rows('patients').get(id)).subscribe({
      next(row) {
        if (row?.['notes'] !== notes) return;
        say({ seen: notes, at: epochNow() });
        queueMicrotask(() => subscription.unsubscribe());
      },
    });
  });
  say({ watching: notes });
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command;
  if (command.cmd === 'expect') expect(command.id, command.notes, command.skip);
  else if (command.cmd === 'write') {
    const at = epochNow();
    await devices[command.device]!.write('patients', 'update', command.id, { notes: command.notes });
    say({ written: command.notes, at });
  } else if (command.cmd === 'ids')
    say({ ids: (await devices[0]!.db.rows('patients').limit(50).primaryKeys()).sort() });
  else {
    for (const device of devices) await device.close();
    process.exit(0);
  }
}
