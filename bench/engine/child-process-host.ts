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
