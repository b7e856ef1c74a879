import type { Page } from 'playwright-core';

/**
 * Reads the JS heap of a page's dedicated workers through the DevTools protocol: the page's
 * session auto-attaches to its workers (unflattened, so their sessions are reached with
 * `Target.sendMessageToTarget`) and asks each for `Runtime.getHeapUsage`.
 */
export interface WorkerHeapSampler {
  /** Used heap of every attached worker, bytes. */
  sample(): Promise<number[]>;
  stop(): Promise<void>;
}

interface Attached {
  readonly sessionId: string;
  readonly targetInfo: { readonly type: string };
}

interface Received {
  readonly sessionId: string;
  readonly message: string;
}

export async function sampleWorkerHeaps(page: Page): Promise<WorkerHeapSampler> {
  const session = await page.context().newCDPSession(page);
  const workers = new Set<string>();
  const answers = new Map<number, (usedSize: number) => void>();
  let nextId = 1;
  session.on('Target.attachedToTarget', (event: Attached) => {
    if (event.targetInfo.type === 'worker') workers.add(event.sessionId);
  });
  session.on('Target.detachedFromTarget', (event: { sessionId: string }) => workers.delete(event.sessionId));
  session.on('Target.receivedMessageFromTarget', (event: Received) => {
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
    if (message.id !== undefined) answers.get(message.id)?.(message.result?.usedSize ?? -1);
  });
  await session.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  return {
    async sample() {
      const sizes = await Promise.all(
        [...workers].map(
          (sessionId) =>
            new Promise<number>((resolve) => {
              const id = nextId++;
              answers.set(id, (size) => {
                answers.delete(id);
                resolve(size);
              });
              setTimeout(() => resolve(-1), 2_000);
              void session
                .send('Target.sendMessageToTarget', {
                  sessionId,
                  message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
                })
                .catch(() => resolve(-1));
            }),
        ),
      );
      return sizes.filter((size) => size >= 0);
    },
    async stop() {
      await session.detach();
    },
  };
}
