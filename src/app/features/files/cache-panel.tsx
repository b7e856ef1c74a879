import { useState } from 'react';
import { cacheUsage, setCacheQuota } from '../../../engine/files/download-cache.ts';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useFilesText } from './files-text.ts';
import { formatBytes } from '../../i18n/format.ts';
import type { FileServices } from './file-services.ts';

const MB = 1024 * 1024;

/** How much of the downloads cache is used, and its quota, which the person may change. */
export function CachePanel({ services }: { services: FileServices }) {
  const { t, i18n } = useFilesText();
  const usage = useLiveQuery(() => cacheUsage(services.blobs), [services]);
  const [quota, setQuota] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mb = (bytes: number) => formatBytes(bytes, i18n.language);

  async function save() {
    const result = await setCacheQuota(services.blobs, Math.round(Number(quota) * MB));
    setError(result.ok ? null : result.message);
  }

  return (
    <section className="card" aria-label={t('cache')} data-testid="cache-panel">
      <h2>{t('cache')}</h2>
      {usage.kind === 'ready' && (
        <p data-testid="cache-usage">
          {t('cacheUsage', {
            used: mb(usage.value.usedBytes),
            quota: mb(usage.value.quotaBytes),
            count: usage.value.files,
            pinned: mb(usage.value.pinnedBytes),
          })}
        </p>
      )}
      <label>
        {t('cacheQuota')}{' '}
        <input
          type="number"
          min={10}
          value={quota}
          placeholder={usage.kind === 'ready' ? String(Math.round(usage.value.quotaBytes / MB)) : ''}
          onChange={(event) => setQuota(event.target.value)}
          data-testid="cache-quota"
        />
      </label>{' '}
      <button
        type="button"
        className="button button--small"
        onClick={() => void save()}
        disabled={quota === ''}
      >
        {t('save')}
      </button>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
