import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A benchmark helper process (a server, a group of devices) driven by JSON lines: commands on its
 * stdin, messages on its stdout. Running them apart keeps their event loops off the one that
 * measures.
 */
export interface ChildHost {
  readonly child: ChildProcessWithoutNullStreams;
  send(command: object): void;
  /** The next message (from now on) that `predicate` accepts. */
  next(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

export function startChildHost(scriptUrl: URL, env: Record<string, string> = {}): ChildHost {
  const child = spawn(process.execPath, ['--import', 'tsx', scriptUrl.pathname], {
    env: { ...process.env, ...env },
  });
  child.stderr.on('data', () => {});
  const waiting: Array<{
    predicate: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    const index = waiting.findIndex((w) => w.predicate(message));
    if (index >= 0) waiting.splice(index, 1)[0]?.resolve(message);
  });
  return {
    child,
    send: (command) => child.stdin.write(`${JSON.stringify(command)}\n`),
    next: (predicate) => new Promise((resolve) => waiting.push({ predicate, resolve })),
  };
}

/** The local server in a child process (`server-process.ts`); `stop()` closes it. */
export async function startServerProcess(): Promise<{
  readonly url: string;
  readonly anonKey: string;
  readonly database: string;
  stop(): Promise<void>;
}> {
  const host = startChildHost(new URL('./server-process.ts', import.meta.url));
  const address = (await host.next((m) => typeof m['url'] === 'string')) as {
    url: string;
    anonKey: string;
    database: string;
  };
  return {
    ...address,
    async stop() {
      const exited = new Promise((resolve) => host.child.once('exit', resolve));
      host.child.stdin.end();
      await exited;
    },
  };
}

/** A child process hosting `devices` sync engines (`device-process.ts`, fake-indexeddb). */
export interface DeviceHost extends ChildHost {
  readonly devices: number;
}

/** Starts `count` devices in one child process; resolves once each has finished its first sync. */
export async function startDeviceHost(
  address: { readonly url: string; readonly anonKey: string },
  count: number,
): Promise<DeviceHost> {
  const started = startChildHost(new URL('./device-process.ts', import.meta.url), {
    BENCH_SERVER_URL: address.url,
    BENCH_ANON_KEY: address.anonKey,
    BENCH_DEVICE_COUNT: String(count),
  });
  await started.next((m) => m['ready'] === true);
  return { ...started, devices: count };
}

/** Asks every host to close its devices and waits for the processes to end. */
export async function stopDeviceHosts(hosts: readonly DeviceHost[]): Promise<void> {
  const exited = hosts.map((h) => new Promise((resolve) => h.child.once('exit', resolve)));
  for (const h of hosts) h.send({ cmd: 'quit' });
  await Promise.all(exited);
}
