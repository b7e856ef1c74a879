import { expose } from 'comlink';
import { createWorkerHost } from '../src/engine/worker-host.ts';

// Composition root only: the engine lives in src/engine; this file wires the browser's Web Locks
// and exposes the API to the tab that started the worker.
expose(createWorkerHost({ locks: navigator.locks }));
