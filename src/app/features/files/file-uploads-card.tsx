import { useLiveQuery } from '../../data/use-live-query.ts';
import { useFilesText } from './files-text.ts';
import { formatBytes } from '../../i18n/format.ts';
import { useFileServices, type FileServices } from './file-services.ts';

/**
 * Uploads not finished on this device, one line per file: phase, bytes sent, attempts, when the
 * next attempt is due and the last error. For the sync panel, next to the outbox.
 */
export function FileUploadsCard() {
  const { t } = useFilesText();
  const services = useFileServices();
  return (
    <section className="card" aria-label={t('uploads')} data-testid="file-uploads">
      <h2>{t('uploads')}</h2>
      {services ? <UploadLines services={services} /> : <p className="state">…</p>}
    </section>
  );
}

function UploadLines({ services }: { services: FileServices }) {
  const { t, i18n } = useFilesText();
  const open = useLiveQuery(
    () => services.blobs.uploads.filter((status) => status.phase !== 'done').toArray(),
    [services],
  );
  if (open.kind !== 'ready') return null;
  if (open.value.length === 0) return <p className="muted">{t('noUploads')}</p>;
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' });
  return (
    <ul>
      {open.value.map((status) => (
        <li key={status.fileId} data-testid="file-upload-line" data-phase={status.phase}>
          <strong>{status.name}</strong> · {t(`states.${status.phase}`)} ·{' '}
          {formatBytes(status.bytesDone, i18n.language)} / {formatBytes(status.size, i18n.language)} ·{' '}
          {t('attempts', { count: status.attempts })}
          {status.phase === 'waiting' &&
            status.nextAttemptAt > 0 &&
            ` · ${t('nextAttempt', { at: time.format(status.nextAttemptAt) })}`}
          {status.error && <span className="muted"> · {status.error.message}</span>}
        </li>
      ))}
    </ul>
  );
}
