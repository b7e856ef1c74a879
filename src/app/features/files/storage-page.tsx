import { useState } from 'react';
import type { LocalRow } from '../../../engine/local-records.ts';
import { fileOwnerTables } from '../../../core/files/file-limit-presets.ts';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { FileList } from './file-list.tsx';
import { useFilesText } from './files-text.ts';
import { useFileServices, type FileServices } from './file-services.ts';
import { fileStateOf, fileStates, type FileState } from './upload-state.ts';
import { CachePanel } from './cache-panel.tsx';
import { ReconcilePanel } from './reconcile-panel.tsx';

interface Filters {
  owner: string;
  type: 'all' | 'image' | 'pdf' | 'other';
  from: string;
  to: string;
  state: 'all' | FileState;
  showDeleted: boolean;
}

const initialFilters: Filters = {
  owner: 'all',
  type: 'all',
  from: '',
  to: '',
  state: 'all',
  showDeleted: false,
};

/** `/storage`: every file on this device's copy, filtered; the downloads cache; reconciliation (admin). */
export function StoragePage() {
  const { t } = useFilesText();
  const services = useFileServices();
  return (
    <section aria-labelledby="storage-title" data-testid="storage-page">
      <h1 id="storage-title">{t('storageTitle')}</h1>
      {services ? <StorageContent services={services} /> : <p className="state">…</p>}
    </section>
  );
}

function StorageContent({ services }: { services: FileServices }) {
  const { t } = useFilesText();
  const { state } = useAuth();
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const rows = useLiveQuery(() => services.db.rows('files').toArray(), [services]);
  const uploads = useLiveQuery(() => services.blobs.uploads.toArray(), [services]);
  const here = useLiveQuery(
    async () => new Set(await services.blobs.blob_info.toCollection().primaryKeys()),
    [services],
  );
  const email = state.kind === 'signed-in' ? state.user.email : '';
  const role = useLiveQuery(
    async () => (await services.db.rows('profiles').where('email').equals(email).first())?.['role'] ?? null,
    [services, email],
  );
  const all: LocalRow[] = rows.kind === 'ready' ? rows.value : [];
  const statuses = new Map(
    (uploads.kind === 'ready' ? uploads.value : []).map((status) => [status.fileId, status]),
  );
  const hashes = here.kind === 'ready' ? here.value : new Set<string>();
  const shown = all
    .filter((row) =>
      matches(row, filters, fileStateOf(row, statuses.get(row.id), hashes.has(String(row['sha256'])))),
    )
    .sort((a, b) => String(b['created_at'] ?? '').localeCompare(String(a['created_at'] ?? '')));
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));

  return (
    <>
      <form className="card form-grid" aria-label="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('owner')}
          <select
            value={filters.owner}
            onChange={(event) => set('owner', event.target.value)}
            data-testid="filter-owner"
          >
            <option value="all">{t('all')}</option>
            {fileOwnerTables.map((table) => (
              <option key={table} value={table}>
                {t(`tables.${table}`, { ns: 'translation' })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('type')}
          <select
            value={filters.type}
            onChange={(event) => set('type', event.target.value as Filters['type'])}
            data-testid="filter-type"
          >
            <option value="all">{t('all')}</option>
            <option value="image">image/*</option>
            <option value="pdf">PDF</option>
            <option value="other">…</option>
          </select>
        </label>
        <label>
          {t('from')}
          <input type="date" value={filters.from} onChange={(event) => set('from', event.target.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={filters.to} onChange={(event) => set('to', event.target.value)} />
        </label>
        <label>
          {t('state')}
          <select
            value={filters.state}
            onChange={(event) => set('state', event.target.value as Filters['state'])}
            data-testid="filter-state"
          >
            <option value="all">{t('all')}</option>
            {fileStates.map((state) => (
              <option key={state} value={state}>
                {t(`states.${state}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={filters.showDeleted}
            onChange={(event) => set('showDeleted', event.target.checked)}
          />{' '}
          {t('showDeleted')}
        </label>
      </form>
      <FileList services={services} rows={shown} allRows={all} />
      <CachePanel services={services} />
      <ReconcilePanel services={services} isAdmin={role.kind === 'ready' && role.value === 'admin'} />
    </>
  );
}

function matches(row: LocalRow, filters: Filters, state: FileState): boolean {
  const type = String(row['content_type'] ?? '');
  const created = String(row['created_at'] ?? '').slice(0, 10);
  if (!filters.showDeleted && state === 'deleted' && filters.state !== 'deleted') return false;
  if (filters.owner !== 'all' && row['owner_table'] !== filters.owner) return false;
  if (filters.type === 'image' && !type.startsWith('image/')) return false;
  if (filters.type === 'pdf' && type !== 'application/pdf') return false;
  if (filters.type === 'other' && (type.startsWith('image/') || type === 'application/pdf')) return false;
  if (filters.from !== '' && created !== '' && created < filters.from) return false;
  if (filters.to !== '' && created !== '' && created > filters.to) return false;
  return filters.state === 'all' || filters.state === state;
}
