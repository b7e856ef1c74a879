import { expose } from 'comlink';
import { createWorkerHost } from '../src/engine/worker-host.ts';
import { createTokenStorageClient, startFileUploads } from '../src/engine/files/file-uploads.ts';

// Composition root only: the engine lives in src/engine; this file wires the browser's Web Locks
// and exposes the API to the tab that started the worker. The leader also runs the file upload
// queue, under the same upload lock the tabs' fallback uploader takes.
expose(
  createWorkerHost({
    locks: navigator.locks,
    startFileUploads: (db, config, accessToken) =>
      startFileUploads({
        db,
        client: createTokenStorageClient(config.supabaseUrl, config.anonKey, accessToken),
        resumable: { url: config.supabaseUrl, apiKey: config.anonKey, accessToken },
        locks: navigator.locks,
      }),
  }),
);
