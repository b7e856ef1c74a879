import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LocalRow } from '../../../engine/local-records.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { SyncMark } from '../../components/sync-mark.tsx';
import { useOpenOutboxRows, type RowSyncMark } from '../../data/use-open-outbox-rows.ts';
import { formatDate, formatPhoneIn } from '../../i18n/format.ts';
import { formatAge, formatDocument } from '../clinical/patient-facts.ts';
import { phoneRegionOf } from '../../i18n/phone-region.ts';
import { usePatientIndex } from './use-patients.ts';
import type { PatientSearchIndex } from './patient-search.ts';

export function PatientsPage() {
  const { t } = useTranslation();
  const index = usePatientIndex();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  return (
    <section aria-labelledby="patients-title">
      <div className="toolbar">
        <h1 id="patients-title">{t('patients.title')}</h1>
        <span className="header__spacer" />
        <Link className="button button--primary" to="/patients/new">
          + {t('patients.new')}
        </Link>
      </div>
      <div className="toolbar">
        <label className="search toolbar__grow">
          <span className="visually-hidden">{t('patients.searchLabel')}</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('patients.searchPlaceholder')}
            aria-label={t('patients.searchLabel')}
            data-testid="patient-search"
            autoFocus
          />
        </label>
      </div>
      <Live result={index}>{(value) => <PatientResults index={value} query={deferredQuery} />}</Live>
    </section>
  );
}

function PatientResults({ index, query }: { index: PatientSearchIndex<LocalRow>; query: string }) {
  const { t } = useTranslation();
  const marks = useOpenOutboxRows('patients');
  const results = useMemo(() => index.search(query), [index, query]);
  if (index.size === 0) return <Empty>{t('patients.empty')}</Empty>;
  return (
    <>
      <p className="muted" role="status" aria-live="polite" data-testid="patient-count">
        {t('patients.count', { count: results.length })}
      </p>
      {results.length === 0 ? (
        <Empty>{t('common.noResults', { query })}</Empty>
      ) : (
        <VirtualPatientList rows={results} marks={marks} />
      )}
    </>
  );
}

const rowHeight = 52;

function VirtualPatientList({
  rows,
  marks,
}: {
  rows: readonly LocalRow[];
  marks: ReadonlyMap<string, RowSyncMark>;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const region = phoneRegionOf(i18n.language);
  const today = new Date();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  return (
    <div className="list" ref={scroller} role="list" data-testid="patient-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <Link
              key={row.id}
              to={`/patients/${row.id}`}
              role="listitem"
              className="list__row"
              data-testid="patient-row"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: rowHeight,
                transform: `translateY(${item.start}px)`,
              }}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown')
                  (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                if (e.key === 'ArrowUp')
                  (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                if (e.key === 'Enter') void navigate(`/patients/${row.id}`);
              }}
            >
              <span className="list__name">
                {String(row['full_name'] ?? '')}
                <span className="list__age" data-testid="patient-age">
                  {formatAge(t, row['birth_date'], today)}
                </span>
              </span>
              <span data-testid="patient-document">
                {formatDocument(row['document_type'], row['document_id'])}
              </span>
              <span data-testid="patient-phone">
                {formatPhoneIn(typeof row['phone'] === 'string' ? row['phone'] : '', region)}
              </span>
              <span className="list__birth">
                {formatDate(typeof row['birth_date'] === 'string' ? row['birth_date'] : null, i18n.language)}
              </span>
              <SyncMark mark={marks.get(row.id)} />
            </Link>
          );
        })}
      </div>
    </div>
  );
}
