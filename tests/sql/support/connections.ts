import pg from 'pg';

/** A raw connection of its own, for tests that interleave transactions across sessions. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A query's error rejects that query; this catches only the connection ending under an idle
  // client (the test database dropped with its sessions after a failed test), which would
  // otherwise be an uncaught exception hiding the failure itself.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Resolves with the promise's value, or with `undefined` if it is still pending after `ms`. */
export async function settledWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ done: true as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function signIn(client: pg.Client, userId: string): Promise<void> {
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [
    JSON.stringify({ sub: userId, role: 'authenticated' }),
  ]);
  await client.query('set local role authenticated');
}
