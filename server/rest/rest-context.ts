import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestIdentity } from '../auth/request-auth.ts';
import type { Database } from '../db/database.ts';
import type { SchemaCache } from './schema-cache.ts';

/** Everything a REST handler needs about one request, resolved by the REST router. */
export interface RestRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly schemaName: string;
  readonly identity: RequestIdentity;
  readonly db: Database;
  readonly schema: SchemaCache;
  readonly bodyLimit: number;
}
