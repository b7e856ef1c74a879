import type { LockPort } from './lock-port.ts';

/**
 * An in-process `LockPort` for Node (tests, benchmarks) where `navigator.locks` does not exist.
 * It keeps the port's guarantees within one process: exclusive per name, FIFO grants,
 * `ifAvailable`, abortable waits.
 */
export function createMemoryLocks(): LockPort {
  const held = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();

  const release = (name: string): void => {
    const queue = waiting.get(name);
    const next = queue?.shift();
    if (next) next();
    else held.delete(name);
  };

  const acquire = (name: string, signal: AbortSignal | undefined): Promise<void> => {
    if (!held.has(name)) {
      held.add(name);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const queue = waiting.get(name) ?? [];
      waiting.set(name, queue);
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason ?? new DOMException('Lock request aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
    });
  };

  return {
    async request<T>(
      name: string,
      options: { ifAvailable?: boolean; signal?: AbortSignal },
      callback: (lock: object | null) => Promise<T> | T,
    ): Promise<T> {
      if (options.ifAvailable && held.has(name)) return callback(null);
      await acquire(name, options.signal);
      try {
        return await callback({ name });
      } finally {
        release(name);
      }
    },
  };
}
