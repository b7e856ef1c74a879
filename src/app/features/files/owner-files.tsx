import type { LocalRow } from '../../../engine/local-records.ts';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { FileCapture } from './file-capture.tsx';
import { FileList, latestVersions } from './file-list.tsx';
import { useFilesText } from './files-text.ts';
import { useFileServices } from './file-services.ts';

/**
 * The files of one record (a patient, an encounter, a study): capture by drop, picker or camera,
 * and the list with states, versions, delete and restore. Mount it on any record's page.
 */
export function OwnerFiles({
  ownerTable,
  ownerId,
  readOnly = false,
}: {
  ownerTable: string;
  ownerId: string;
  /** The files of a signed record: listed and opened, never added, replaced or removed. */
  readOnly?: boolean;
}) {
  const { t } = useFilesText();
  const services = useFileServices();
  return (
    <section aria-label={t('title')} data-testid={`files-${ownerTable}`}>
      <h2>{t('title')}</h2>
      {services ? (
        <OwnerFileList services={services} ownerTable={ownerTable} ownerId={ownerId} readOnly={readOnly} />
      ) : (
        <p className="state">…</p>
      )}
    </section>
  );
}

function OwnerFileList({
  services,
  ownerTable,
  ownerId,
  readOnly,
}: {
  services: NonNullable<ReturnType<typeof useFileServices>>;
  ownerTable: string;
  ownerId: string;
  readOnly: boolean;
}) {
  const rows = useLiveQuery(
    () =>
      services.db
        .rows('files')
        .where('[owner_table+owner_id]')
        .equals([ownerTable, ownerId])
        .sortBy('created_at'),
    [services, ownerTable, ownerId],
  );
  const all: LocalRow[] = rows.kind === 'ready' ? rows.value : [];
  const live = all.filter((row) => row.deleted_at === null || row.deleted_at === undefined);
  return (
    <>
      {!readOnly && <FileCapture services={services} ownerTable={ownerTable} ownerId={ownerId} />}
      <FileList services={services} rows={latestVersions(live)} allRows={all} readOnly={readOnly} />
    </>
  );
}
