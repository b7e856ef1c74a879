import { useState } from 'react';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { FileCapture } from './file-capture.tsx';
import { isFileCategory } from '../../../core/files/file-category.ts';
import { FilePreview } from './file-preview.tsx';
import { useFilesText } from './files-text.ts';
import type { FileServices } from './file-services.ts';
import { fileStateOf } from './upload-state.ts';
import { formatBytes } from '../../i18n/format.ts';

const text = (row: LocalRow, column: string): string =>
  typeof row[column] === 'string' ? (row[column] as string) : '';

/**
 * Files with their upload state, open / delete / restore, a new version and the versions it
 * replaced (`replaces` chain). `rows` are the rows to show; `allRows` (default `rows`) is where
 * earlier versions are looked up.
 */
export function FileList({
  services,
  rows,
  allRows = rows,
  readOnly = false,
}: {
  services: FileServices;
  rows: readonly LocalRow[];
  allRows?: readonly LocalRow[];
  /** Open and retry only: no new version, delete or restore (the files of a signed record). */
  readOnly?: boolean;
}) {
  const { t, i18n } = useFilesText();
  const uploads = useLiveQuery(() => services.blobs.uploads.toArray(), [services]);
  const here = useLiveQuery(
    async () => new Set(await services.blobs.blob_info.toCollection().primaryKeys()),
    [services],
  );
  const [open, setOpen] = useState<LocalRow | null>(null);
  const [versionOf, setVersionOf] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const byId = new Map(allRows.map((row) => [row.id, row]));
  const statuses = new Map(
    (uploads.kind === 'ready' ? uploads.value : []).map((status) => [status.fileId, status]),
  );
  const hashesHere = here.kind === 'ready' ? here.value : new Set<string>();

  async function act(row: LocalRow, op: 'delete' | 'undelete') {
    const result = await mutate(services.db, 'files', op, row.id);
    setError(result.ok ? null : `${result.error.code}: ${result.error.message}`);
  }

  if (rows.length === 0) return <p className="muted">{t('noFiles')}</p>;
  return (
    <>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <ul className="file-list" data-testid="file-list">
        {rows.map((row) => {
          const state = fileStateOf(row, statuses.get(row.id), hashesHere.has(text(row, 'sha256')));
          const deleted = state === 'deleted';
          const earlier = versionsBefore(row, byId);
          return (
            <li key={row.id} data-testid="file-item" data-state={state}>
              <strong>{text(row, 'name')}</strong>{' '}
              <span className="muted">
                {text(row, 'content_type')} · {formatBytes(Number(row['size'] ?? 0), i18n.language)}
                {isFileCategory(row['category']) && <> · {t(`categories.${row['category']}`)}</>}
              </span>{' '}
              <span
                className={`badge badge--${state === 'uploaded' ? 'done' : state === 'failed' ? 'failed' : 'pending'}`}
                data-testid="file-state"
              >
                {t(`states.${state}`)}
              </span>{' '}
              {statuses.get(row.id)?.error && state !== 'uploaded' && (
                <span className="muted">{statuses.get(row.id)?.error?.message}</span>
              )}
              {!deleted && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setOpen(row)}
                  data-testid="file-open"
                >
                  {t('open')}
                </button>
              )}{' '}
              {state === 'failed' && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void services.queue.retry(row.id)}
                >
                  {t('retry')}
                </button>
              )}{' '}
              {!deleted && !readOnly && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setVersionOf(versionOf === row.id ? null : row.id)}
                >
                  {t('newVersion')}
                </button>
              )}{' '}
              {!readOnly && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void act(row, deleted ? 'undelete' : 'delete')}
                >
                  {deleted ? t('restore') : t('delete')}
                </button>
              )}
              {versionOf === row.id && (
                <FileCapture
                  services={services}
                  ownerTable={text(row, 'owner_table')}
                  ownerId={text(row, 'owner_id')}
                  replaces={row.id}
                  {...(isFileCategory(row['category']) ? { category: row['category'] } : {})}
                  onDone={() => setVersionOf(null)}
                />
              )}
              {earlier.length > 0 && (
                <details>
                  <summary>{t('history')}</summary>
                  <ul>
                    {earlier.map((old) => (
                      <li key={old.id}>
                        {text(old, 'name')} · {text(old, 'created_at').slice(0, 16).replace('T', ' ')}{' '}
                        <button type="button" className="button button--small" onClick={() => setOpen(old)}>
                          {t('open')}
                        </button>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      {open && <FilePreview services={services} row={open} onClose={() => setOpen(null)} />}
    </>
  );
}

/** The chain of versions a file replaced, newest first (a cycle, which the server forbids for one step only, is cut). */
export function versionsBefore(row: LocalRow, byId: ReadonlyMap<string, LocalRow>): LocalRow[] {
  const chain: LocalRow[] = [];
  const seen = new Set([row.id]);
  let next = byId.get(text(row, 'replaces'));
  while (next && !seen.has(next.id)) {
    chain.push(next);
    seen.add(next.id);
    next = byId.get(text(next, 'replaces'));
  }
  return chain;
}

/** The newest version of each chain: rows no other live row replaces. */
export function latestVersions(rows: readonly LocalRow[]): LocalRow[] {
  const replaced = new Set(
    rows
      .filter((row) => row.deleted_at === null || row.deleted_at === undefined)
      .map((row) => text(row, 'replaces')),
  );
  return rows.filter((row) => !replaced.has(row.id));
}
