import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { clinicTable, type ClinicColumn } from '../../../core/schema/clinic-tables.ts';
import { isSyncedTableName, type SyncedTableName } from '../../../core/synced-tables.ts';
import { rulesFor } from '../../../core/entity-rules.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { SyncMark } from '../../components/sync-mark.tsx';
import { foldForSearch } from '../patients/patient-search.ts';
import { columnLabel } from './column-label.ts';
import { CellValue } from './cell-value.tsx';
import { useTableAccess } from '../../auth/use-table-access.ts';
import { editableColumns } from './generated-form.ts';

const shownRows = 200;

/** `/data/:table`: live rows of any synced table, filtered and sorted on the device. */
export function TablePage() {
  const { table = '' } = useParams();
  const { t } = useTranslation();
  if (!isSyncedTableName(table)) return <Empty>{t('data.unknownTable', { table })}</Empty>;
  return <TableView key={table} table={table} />;
}

function TableView({ table }: { table: SyncedTableName }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ column: string; descending: boolean }>({
    column: 'updated_at',
    descending: true,
  });
  const deferredFilter = useDeferredValue(filter);
  const columns = useMemo(() => editableColumns(clinicTable(table).columns).slice(0, 6), [table]);
  const rows = useLiveQuery(
    () =>
      db
        .rows(table)
        .filter((row) => !row.deleted_at)
        .toArray(),
    [db, table],
  );
  const marks = useOpenOutboxRows(table);
  const access = useTableAccess(table);
  const writable = rulesFor(table).clientWritable && access.create;
  return (
    <section aria-labelledby="table-title">
      <div className="toolbar">
        <Link to="/data" className="button button--small">
          ← {t('common.back')}
        </Link>
        <h1 id="table-title">{t(`tables.${table}`)}</h1>
        <span className="header__spacer" />
        {writable && (
          <Link className="button button--primary" to={`/data/${table}/new`}>
            + {t('common.new')}
          </Link>
        )}
      </div>
      <label className="search toolbar">
        <span className="visually-hidden">{t('data.filter')}</span>
        <input
          type="search"
          className="toolbar__grow"
          placeholder={t('data.filter')}
          aria-label={t('data.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <Live result={rows}>
        {(list) => (
          <Rows
            table={table}
            rows={list}
            columns={columns}
            filter={deferredFilter}
            sort={sort}
            onSort={setSort}
            marks={marks}
          />
        )}
      </Live>
    </section>
  );
}

interface RowsProps {
  readonly table: SyncedTableName;
  readonly rows: readonly LocalRow[];
  readonly columns: readonly ClinicColumn[];
  readonly filter: string;
  readonly sort: { column: string; descending: boolean };
  onSort(sort: { column: string; descending: boolean }): void;
  readonly marks: ReadonlyMap<string, 'pending' | 'conflict' | 'failed'>;
}

function Rows({ table, rows, columns, filter, sort, onSort, marks }: RowsProps) {
  const { t } = useTranslation();
  const visible = useMemo(() => {
    const needle = foldForSearch(filter);
    const matching = needle
      ? rows.filter((row) =>
          Object.values(row).some(
            (value) => typeof value === 'string' && foldForSearch(value).includes(needle),
          ),
        )
      : [...rows];
    const key = (row: LocalRow) => row[sort.column] ?? '';
    matching.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
    return matching;
  }, [rows, filter, sort]);
  if (rows.length === 0) return <Empty>{t('common.empty')}</Empty>;
  if (visible.length === 0) return <Empty>{t('common.noResults', { query: filter })}</Empty>;
  const header = (column: string) => (
    <th
      key={column}
      aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="button button--small"
        onClick={() => onSort({ column, descending: sort.column === column ? !sort.descending : false })}
      >
        {columnLabel(t, column)} {sort.column === column ? (sort.descending ? '▼' : '▲') : ''}
      </button>
    </th>
  );
  return (
    <>
      <p className="muted" role="status">
        {t('data.showing', { shown: Math.min(visible.length, shownRows), count: visible.length })}
      </p>
      <div className="table-wrap">
        <table className="table table--stack" data-testid="data-table">
          <thead>
            <tr>
              {columns.map((column) => header(column.name))}
              {header('updated_at')}
              <th>
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.slice(0, shownRows).map((row) => (
              <tr key={row.id}>
                {columns.map((column) => (
                  <td key={column.name} data-label={columnLabel(t, column.name)}>
                    <CellValue table={table} column={column} value={row[column.name]} row={row} />
                  </td>
                ))}
                <td data-label={columnLabel(t, 'updated_at')}>
                  <CellValue
                    table={table}
                    column={{ name: 'updated_at', type: 'timestamptz', nullable: true }}
                    value={row['updated_at']}
                  />
                </td>
                <td>
                  <Link to={`/data/${table}/${row.id}`}>{t('common.edit')}</Link>{' '}
                  <SyncMark mark={marks.get(row.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
