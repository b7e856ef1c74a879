import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';

/**
 * Runs `query` against Dexie and re-runs it whenever the tables it read change (in this tab, in
 * other tabs, or from the sync worker). `undefined` until the first result: the loading state.
 * `deps` are the inputs of the query, as for useEffect (the query closure is re-created with them).
 */
export type LiveResult<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'error'; readonly error: Error };

export function useLiveQuery<T>(query: () => Promise<T> | T, deps: readonly unknown[]): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ kind: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ kind: 'ready', value }),
      error: (error: unknown) =>
        setResult({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return result;
}
