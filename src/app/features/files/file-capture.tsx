import { useRef, useState, type DragEvent } from 'react';
import { captureFile, type CaptureResult } from '../../../engine/files/capture-file.ts';
import { useFilesText } from './files-text.ts';
import type { FileServices } from './file-services.ts';

export interface FileCaptureProps {
  readonly services: FileServices;
  readonly ownerTable: string;
  readonly ownerId: string;
  /** Set when the capture is a new version of this file. */
  readonly replaces?: string;
  readonly onDone?: () => void;
}

/**
 * Drag and drop, file picker and camera (the tablet's back camera through `capture`). Every file
 * is stored on the device at once (bytes, then row and outbox entry), so it never waits for the
 * link; refusals show their reason and store nothing.
 */
export function FileCapture({ services, ownerTable, ownerId, replaces, onDone }: FileCaptureProps) {
  const { t } = useFilesText();
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
