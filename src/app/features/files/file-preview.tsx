import { useEffect, useState } from 'react';
import type { LocalRow } from '../../../engine/local-records.ts';
import { openFileBytes } from '../../../engine/files/download-cache.ts';
import { useFilesText } from './files-text.ts';
import type { FileServices } from './file-services.ts';

type Preview =
  { kind: 'loading' } | { kind: 'ready'; url: string; type: string } | { kind: 'error'; message: string };

/**
 * Shows a file: images inline, PDFs in the browser's viewer, anything else as a download link.
 * Bytes come from this device when they are here (works offline), else are downloaded, checked
 * against the row's hash and cached.
 */
export function FilePreview({
  services,
  row,
  onClose,
}: {
  services: FileServices;
  row: LocalRow;
  onClose: () => void;
}) {
  const { t } = useFilesText();
  const [preview, setPreview] = useState<Preview>({ kind: 'loading' });
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    void openFileBytes({ blobs: services.blobs, storage: services.storage }, row).then((opened) => {
      if (!live) return;
      if (opened.kind !== 'ok') {
        setPreview({
          kind: 'error',
          message: opened.kind === 'offline' ? t('errors.offline') : `${opened.kind}: ${opened.message}`,
        });
        return;
      }
      url = URL.createObjectURL(new Blob([opened.bytes], { type: opened.contentType }));
      setPreview({ kind: 'ready', url, type: opened.contentType });
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [services, row, t]);

  const name = String(row['name'] ?? '');
  return (
    <div className="card file-preview" role="dialog" aria-label={name} data-testid="file-preview">
      <div className="toolbar">
        <strong>{name}</strong>
        <span className="header__spacer" />
        {preview.kind === 'ready' && (
          <a className="button button--small" href={preview.url} download={name}>
            {t('download')}
          </a>
        )}
        <button type="button" className="button button--small" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      {preview.kind === 'loading' && <p className="state">…</p>}
      {preview.kind === 'error' && (
        <p className="alert alert--error" role="alert">
          {preview.message}
        </p>
      )}
      {preview.kind === 'ready' && preview.type.startsWith('image/') && (
        <img src={preview.url} alt={name} style={{ maxWidth: '100%' }} data-testid="file-preview-image" />
      )}
      {preview.kind === 'ready' && preview.type === 'application/pdf' && (
        <iframe
          src={preview.url}
          title={name}
          style={{ width: '100%', height: '70vh', border: 0 }}
          data-testid="file-preview-pdf"
        />
      )}
      {preview.kind === 'ready' &&
        !preview.type.startsWith('image/') &&
        preview.type !== 'application/pdf' && <p className="muted">{t('noPreview')}</p>}
    </div>
  );
}
