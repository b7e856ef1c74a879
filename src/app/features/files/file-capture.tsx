import { useRef, useState, type DragEvent } from 'react';
import {
  captureCategories,
  categoriesForOwner,
  defaultCategoryFor,
  type FileCategory,
} from '../../../core/files/file-category.ts';
import { captureFile, type CaptureResult } from '../../../engine/files/capture-file.ts';
import { useFilesText } from './files-text.ts';
import type { FileServices } from './file-services.ts';
import { useStaffRole } from './use-staff-role.ts';

/** The category sits on its own line above the drop area and its buttons. */
export interface FileCaptureProps {
  readonly services: FileServices;
  readonly ownerTable: string;
  readonly ownerId: string;
  /** Set when the capture is a new version of this file. */
  readonly replaces?: string;
  /** A new version keeps the category of the file it replaces. */
  readonly category?: FileCategory;
  readonly onDone?: () => void;
}

/**
 * Drag and drop, file picker and camera (the tablet's back camera through `capture`). Every file
 * is stored on the device at once (bytes, then row and outbox entry), so it never waits for the
 * link; refusals show their reason and store nothing.
 *
 * Each file gets a category, which decides who sees it: the choice offers what the person's role
 * may attach to this record, most likely first (a doctor: clinical; reception: administrative;
 * billing: billing). A clinical record's files are always clinical, so nothing is asked there.
 */
export function FileCapture({ services, ownerTable, ownerId, replaces, category, onDone }: FileCaptureProps) {
  const { t } = useFilesText();
  const role = useStaffRole(services);
  const choices: readonly FileCategory[] = category
    ? [category]
    : role
      ? captureCategories(ownerTable, role)
      : categoriesForOwner(ownerTable);
  const [chosen, setChosen] = useState<FileCategory | null>(null);
  const selected =
    chosen !== null && choices.includes(chosen)
      ? chosen
      : (choices[0] ?? category ?? defaultCategoryFor(ownerTable));
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);

  async function attach(files: FileList | null) {
    if (!files || files.length === 0) return;
    const problems: string[] = [];
    for (const file of Array.from(files)) {
      const result: CaptureResult = await captureFile(
        { db: services.db, blobs: services.blobs },
        {
          ownerTable,
          ownerId,
          name: file.name,
          contentType: file.type,
          bytes: await file.arrayBuffer(),
          category: selected,
          ...(replaces ? { replaces } : {}),
        },
      );
      if (!result.ok) {
        const known = t(`errors.${result.error.code}`, { defaultValue: '' });
        problems.push(`${file.name}: ${known || `${t('errors.other')} ${result.error.message}`}`);
      }
    }
    setErrors(problems);
    if (picker.current) picker.current.value = '';
    if (camera.current) camera.current.value = '';
    onDone?.();
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void attach(event.dataTransfer.files);
  }

  return (
    <div
      className="card file-drop"
      // The drop target says so while a file hovers over it.
      style={dragging ? { outline: '2px dashed var(--brand)', outlineOffset: '-4px' } : undefined}
      data-testid="file-drop"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      {choices.length > 1 ? (
        <label className="file-category" title={t('categoryHelp')}>
          {t('category')}{' '}
          <select
            value={selected}
            data-testid="file-category"
            onChange={(event) => setChosen(event.target.value as FileCategory)}
          >
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`categories.${choice}`)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="file-category muted" data-testid="file-category-fixed" title={t('categoryHelp')}>
          {t('category')}: {t(`categories.${selected}`)}
        </span>
      )}
      <span className="muted">{t('dropHere')}</span>{' '}
      <button type="button" className="button button--small" onClick={() => picker.current?.click()}>
        {replaces ? t('newVersion') : t('attach')}
      </button>{' '}
      <button type="button" className="button button--small" onClick={() => camera.current?.click()}>
        {t('camera')}
      </button>
      <input
        ref={picker}
        type="file"
        multiple={!replaces}
        hidden
        data-testid="file-input"
        onChange={(event) => void attach(event.target.files)}
      />
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        onChange={(event) => void attach(event.target.files)}
      />
      {errors.length > 0 && (
        <ul className="alert alert--error" role="alert" data-testid="file-errors">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
