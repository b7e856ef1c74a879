import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { clinicTable, type ClinicColumn } from '../../../core/schema/clinic-tables.ts';
import { isSyncedTableName, type SyncedTableName } from '../../../core/synced-tables.ts';
import { rulesFor } from '../../../core/entity-rules.ts';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { recordLabel } from '../../data/record-label.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { checkForm, editableColumns, formFromRow, type FieldProblem } from './generated-form.ts';
import { columnLabel } from './column-label.ts';
import { ClashWarning } from '../agenda/clash-warning.tsx';
import { isFileOwnerTable } from '../../../core/files/file-limits.ts';
import { OwnerFiles } from '../files/owner-files.tsx';
import { SupersededHistory } from '../history/superseded-history.tsx';
import { RowRefusals } from '../../sync/row-refusals.tsx';
import { phoneRegionOf } from '../../i18n/phone-region.ts';
import { editErrorText } from '../../sync/edit-error-text.ts';
import { valueLabel } from '../../i18n/value-label.ts';
import { useTableAccess } from '../../auth/use-table-access.ts';

/** `/data/:table/new` and `/data/:table/:id`: a form generated from the catalogue. */
export function RecordFormPage() {
  const { table = '', id } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const row = useLiveQuery(
    async () => (id && isSyncedTableName(table) ? ((await db.rows(table).get(id)) ?? null) : null),
    [db, table, id],
  );
  if (!isSyncedTableName(table)) return <Empty>{t('data.unknownTable', { table })}</Empty>;
  return (
    <Live result={row}>
      {(value) =>
        id && !value ? (
          <Empty>{t('common.notFound')}</Empty>
        ) : (
          <RecordForm key={`${table}/${id ?? 'new'}`} table={table} row={value} />
        )
      }
    </Live>
  );
}

function RecordForm({ table, row }: { table: SyncedTableName; row: LocalRow | null }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const columns = useMemo(() => editableColumns(clinicTable(table).columns), [table]);
  // The form as it opened: a save carries only the columns the person changed since.
  const [opened] = useState<Record<string, string>>(() => formFromRow(clinicTable(table).columns, row));
  const [form, setForm] = useState<Record<string, string>>(opened);
  const [problems, setProblems] = useState<Readonly<Record<string, FieldProblem>>>({});
  const [error, setError] = useState<string | null>(null);
  const access = useTableAccess(table);
  const serverOnly = !rulesFor(table).clientWritable;
  // Offered only what the person's role may do: the server's RLS would refuse the rest.
  const writable = !serverOnly && (row ? access.write : access.create);
  const deleted = row !== null && typeof row.deleted_at === 'string';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const context = { phoneRegion: phoneRegionOf(i18n.language) };
    const check = checkForm(clinicTable(table).columns, form, row ? opened : null, context, table);
    if (!check.ok) {
      setProblems(check.problems);
      const first = Object.keys(check.problems)[0];
      if (first) document.getElementById(`field-${first}`)?.focus();
      return;
    }
    setProblems({});
    if (row && Object.keys(check.values).length === 0) return void navigate(`/data/${table}`);
    const result = await mutate(
      db,
      table,
      row ? 'update' : 'insert',
      row?.id ?? crypto.randomUUID(),
      check.values,
    );
    if (result.ok) return void navigate(`/data/${table}`);
    setError(editErrorText(t, result.error));
    const column = result.error.violation?.column;
    if (column !== undefined) document.getElementById(`field-${column}`)?.focus();
  }

  async function remove() {
    if (!row || !window.confirm(t('data.confirmDelete', { name: recordLabel(row) }))) return;
    const result = await mutate(db, table, 'delete', row.id);
    if (!result.ok) setError(editErrorText(t, result.error));
    else void navigate(`/data/${table}`);
  }

  const problemCount = Object.keys(problems).length;
  return (
    <section aria-labelledby="record-title">
      <div className="toolbar">
        <Link to={`/data/${table}`} className="button button--small">
          ← {t('common.back')}
        </Link>
        <h1 id="record-title">
          {t(`tables.${table}`)}: {row ? recordLabel(row) : t('common.new')}
        </h1>
      </div>
      {serverOnly && <p className="alert alert--info">{t('data.readOnly')}</p>}
      {!serverOnly && access.known && !writable && (
        <p className="alert alert--info" data-testid="not-for-role">
          {t('data.notForRole')}
        </p>
      )}
      {row && <RowRefusals table={table} rowId={row.id} />}
      {deleted && <p className="alert alert--warn">{t('data.deleted')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="record-form">
        {problemCount > 0 && (
          <p className="alert alert--error" role="alert">
            {t('common.fixErrors', { count: problemCount })}
          </p>
        )}
        {table === 'appointments' && <ClashWarning form={form} selfId={row?.id ?? null} />}
        <div className="form-grid">
          {columns.map((column) => (
            <GeneratedField
              key={column.name}
              table={table}
              column={column}
              value={form[column.name] ?? ''}
              problem={problems[column.name]}
              disabled={!writable || deleted}
              onChange={(value) => setForm((previous) => ({ ...previous, [column.name]: value }))}
            />
          ))}
        </div>
        {error && (
          <p className="alert alert--error" role="alert" data-testid="save-error">
            {error}
          </p>
        )}
        {writable && !deleted && (
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              {t('common.save')}
            </button>
            {row && (
              <button type="button" className="button button--danger" onClick={() => void remove()}>
                {t('common.delete')}
              </button>
            )}
          </div>
        )}
      </form>
      {/* Studies, prescriptions, referrals, invoices…: every table a file may belong to gets the
          same capture and file list as the patient and encounter pages. */}
      {row && isFileOwnerTable(table) && <OwnerFiles ownerTable={table} ownerId={row.id} />}
      {row && <SupersededHistory table={table} rowId={row.id} />}
    </section>
  );
}

interface FieldProps {
  readonly table: string;
  readonly column: ClinicColumn;
  readonly value: string;
  readonly problem: FieldProblem | undefined;
  readonly disabled: boolean;
  onChange(value: string): void;
}

function GeneratedField({ table, column, value, problem, disabled, onChange }: FieldProps) {
  const { t } = useTranslation();
  const id = `field-${column.name}`;
  const common = {
    id,
    name: column.name,
    disabled,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? `${id}-error` : undefined,
    'aria-required': column.nullable ? undefined : true,
  } as const;
  return (
    <div className="field" style={column.type === 'jsonb' ? { gridColumn: '1 / -1' } : undefined}>
      <label htmlFor={id}>
        {columnLabel(t, column.name)}
        {/* The mark is part of the label's name ("Paciente *"), as screen readers and tests read it. */}
        {!column.nullable && <span className="required-mark"> *</span>}
      </label>
      <FieldInput table={table} column={column} value={value} onChange={onChange} common={common} />
      {problem && (
        <span className="field__error" id={`${id}-error`} data-code={problem}>
          {t(`validation.${problem}`)}
        </span>
      )}
    </div>
  );
}

interface InputProps {
  readonly table: string;
  readonly column: ClinicColumn;
  readonly value: string;
  onChange(value: string): void;
  readonly common: Record<string, unknown>;
}

function FieldInput({ table, column, value, onChange, common }: InputProps) {
  const { t } = useTranslation();
  if (column.references)
    return <ReferenceSelect table={column.references} value={value} onChange={onChange} common={common} />;
  if (column.values) {
    return (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {column.values.map((option) => (
          <option key={option} value={option}>
            {valueLabel(t, table, column.name, option)}
          </option>
        ))}
      </select>
    );
  }
  switch (column.type) {
    case 'boolean':
      return (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          {column.nullable && <option value="">—</option>}
          <option value="true">{t('common.yes')}</option>
          <option value="false">{t('common.no')}</option>
        </select>
      );
    case 'jsonb':
      return <textarea {...common} rows={5} value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <input {...common} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'timestamptz':
      return (
        <input {...common} type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} />
      );
    case 'integer':
    case 'bigint':
    case 'numeric':
      return (
        <input {...common} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} />
      );
    default:
      return <input {...common} value={value} onChange={(e) => onChange(e.target.value)} />;
  }
}

function ReferenceSelect({
  table,
  value,
  onChange,
  common,
}: {
  table: string;
  value: string;
  onChange(value: string): void;
  common: Record<string, unknown>;
}) {
  const db = useClinicDb();
  const options = useLiveQuery(async () => {
    if (!isSyncedTableName(table)) return [];
    const rows = await db
      .rows(table)
      .filter((row) => !row.deleted_at)
      .limit(1000)
      .toArray();
    // The chosen row by its name even when it is past the first thousand (or in the trash).
    if (value && !rows.some((row) => row.id === value)) {
      const chosen = await db.rows(table).get(value);
      if (chosen) rows.push(chosen);
    }
    return rows.map((row) => [row.id, recordLabel(row)] as const);
  }, [db, table, value]);
  const list = options.kind === 'ready' ? [...options.value].sort((a, b) => a[1].localeCompare(b[1])) : [];
  return (
    <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {value && !list.some(([id]) => id === value) && (
        <option value={value}>{options.kind === 'ready' ? value.slice(0, 8) : '…'}</option>
      )}
      {list.map(([id, label]) => (
        <option key={id} value={id}>
          {label}
        </option>
      ))}
    </select>
  );
}
