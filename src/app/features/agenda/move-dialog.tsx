import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Clash } from './double-booking.ts';

interface Props {
  readonly patient: string;
  readonly from: string;
  readonly to: string;
  /** The professional or room of the column it was dropped in, when it changes. */
  readonly newOwner: string | null;
  readonly clashes: readonly Clash[];
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Asks before a dragged appointment is written at its new time, naming any double booking. */
export function MoveDialog({ patient, from, to, newOwner, clashes, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="agenda-dialog"
      aria-labelledby="move-dialog-title"
      data-testid="move-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="move-dialog-title">{t('frontDesk.confirmMove.title')}</h2>
      <p>{t('frontDesk.confirmMove.body', { patient, from, to })}</p>
      {newOwner && <p>{t('frontDesk.confirmMove.to', { who: newOwner })}</p>}
      {clashes.length > 0 && (
        <div className="alert alert--warn" role="alert" data-testid="double-booking">
          <strong>{t('frontDesk.confirmMove.clash')}</strong>
          {[...new Set(clashes.map((c) => c.kind))].map((kind) => (
            <p key={kind}>{t(`frontDesk.clash.${kind}`)}</p>
          ))}
        </div>
      )}
      <div className="toolbar">
        <button
          type="button"
          className="button button--primary"
          onClick={onConfirm}
          data-testid="move-confirm"
        >
          {t('frontDesk.confirmMove.confirm')}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="move-keep">
          {t('frontDesk.confirmMove.keep')}
        </button>
      </div>
    </dialog>
  );
}
