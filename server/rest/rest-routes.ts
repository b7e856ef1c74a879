import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/request-auth.ts';
import type { Database } from '../db/database.ts';
import { sendJson } from '../http/send.ts';
import { PostgrestError, sendRestError } from './postgrest-error.ts';
import type { RestRequest } from './rest-context.ts';
import { handleRpc } from './rpc.ts';
import { EXPOSED_SCHEMAS, type SchemaCache } from './schema-cache.ts';
import { readTable } from './table-read.ts';
import { deleteRows, insertRows, updateRows } from './table-write.ts';

export interface RestRoutesOptions {
  readonly db: Database;
  readonly auth: Authenticator;
  readonly schema: SchemaCache;
  readonly bodyLimit: number;
}

function profile(req: IncomingMessage, method: string): string {
  const header =
    method === 'GET' || method === 'HEAD' ? req.headers['accept-profile'] : req.headers['content-profile'];
  const name = typeof header === 'string' && header !== '' ? header : 'public';
  if (!(EXPOSED_SCHEMAS as readonly string[]).includes(name)) {
    throw new PostgrestError(
      406,
      'PGRST106',
      `Invalid schema: ${name}`,
      null,
      `Only the following schemas are exposed: ${EXPOSED_SCHEMAS.join(', ')}`,
    );
  }
  return name;
}

/** `/rest/v1/*`: PostgREST. Every error, ours or the database's, leaves in PostgREST's shape. */
export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  options: RestRoutesOptions,
): Promise<void> {
  const method = req.method ?? 'GET';
  let role = 'anon';
  try {
    const identified = await options.auth.identifyRequest(req.headers);
    if (identified.kind === 'expired') throw new PostgrestError(401, 'PGRST303', 'JWT expired');
    if (identified.kind === 'invalid') throw new PostgrestError(401, 'PGRST301', identified.message);
    role = identified.identity.role;
    const request: RestRequest = {
      req,
      res,
      url,
      method,
      schemaName: profile(req, method),
      identity: identified.identity,
      db: options.db,
      schema: options.schema,
      bodyLimit: options.bodyLimit,
    };
    if (path === '/' || path === '') {
      return sendJson(res, 200, {
        swagger: '2.0',
        info: { title: 'PostgREST API', version: 'local' },
        paths: {},
      });
    }
    const rpc = /^\/rpc\/([^/]+)$/.exec(path);
    if (rpc) return await handleRpc(request, decodeURIComponent(rpc[1]!));
    const relation = /^\/([^/]+)$/.exec(path);
    if (!relation) throw new PostgrestError(404, 'PGRST125', `Invalid path specified in request URL`);
    const name = decodeURIComponent(relation[1]!);
    const table = await options.schema.table(request.schemaName, name);
    if (!table)
      throw new PostgrestError(
        404,
        'PGRST205',
        `Could not find the table '${request.schemaName}.${name}' in the schema cache`,
      );
    if (method === 'GET' || method === 'HEAD') return await readTable(request, table);
    if (method === 'POST') return await insertRows(request, table);
    if (method === 'PATCH') return await updateRows(request, table);
    if (method === 'DELETE') return await deleteRows(request, table);
    throw new PostgrestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
  } catch (error) {
    sendRestError(res, error, role);
  }
}
