import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { formatDate } from '../../i18n/format.ts';
import { isLive } from '../clinical/patient-facts.ts';
import { lineSummary } from '../documents/prescription-lines.ts';

const byPosition = (a: LocalRow, b: LocalRow) => Number(a['position'] ?? 0) - Number(b['position'] ?? 0);

/** The patient's earlier prescriptions, newest first: copy all the lines of one, or a single line. */
export function PreviousPrescriptions({
  patientId,
  exceptEncounterId,
  onCopy,
}: {
  patientId: string;
  exceptEncounterId: string;
  onCopy: (lines: readonly LocalRow[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const earlier = useLiveQuery(async () => {
    const prescriptions = (await db.rows('prescriptions').where('patient_id').equals(patientId).toArray())
      .filter((p) => isLive(p) && p['encounter_id'] !== exceptEncounterId)
      .sort((a, b) => String(b['issued_at']).localeCompare(String(a['issued_at'])))
      .slice(0, 10);
    const result: { prescription: LocalRow; lines: LocalRow[] }[] = [];
    for (const prescription of prescriptions) {
      const lines = (
        await db.rows('prescription_items').where('prescription_id').equals(prescription.id).toArray()
      )
        .filter(isLive)
        .sort(byPosition);
      if (lines.length > 0) result.push({ prescription, lines });
    }
    return result;
  }, [db, patientId, exceptEncounterId]);
  const list = earlier.kind === 'ready' ? earlier.value : [];
  return (
    <div className="previous-prescriptions" data-testid="previous-prescriptions">
      {list.length === 0 ? (
        <p className="muted">{t('clinical.prescriptions.noneEarlier')}</p>
      ) : (
        <ul className="plain-list">
          {list.map(({ prescription, lines }) => (
            <li key={prescription.id}>
              <strong>{formatDate(String(prescription['issued_at']), i18n.language)}</strong>{' '}
              <button type="button" className="button button--small" onClick={() => onCopy(lines)}>
                {t('clinical.prescriptions.copyAll', { count: lines.length })}
              </button>
              <ul>
                {lines.map((line) => (
                  <li key={line.id}>
                    {lineSummary(line, t)}{' '}
                    <button type="button" className="link-button" onClick={() => onCopy([line])}>
                      {t('clinical.prescriptions.copyOne')}
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
