import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth-context.tsx';
import { useClinicDb } from '../data/clinic-data-context.tsx';
import { useLiveQuery } from '../data/use-live-query.ts';
import { useSyncEngine } from '../sync/sync-engine-context.tsx';
import { useUnsentFileCount, wipeFileData } from '../features/files/file-services.ts';

/**
 * Sign-out asks what to do with this device's copy. Keeping it is the default (shared PCs: the
 * next colleague starts fast). Wiping with unsent edits needs a second, explicit confirmation that
 * names how many edits will be lost; nothing unsent is ever wiped silently.
 */
export function SignOutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const db = useClinicDb();
  const engine = useSyncEngine();
  const dialog = useRef<HTMLDialogElement>(null);
  const [confirmingWipe, setConfirmingWipe] = useState(false);
  const [busy, setBusy] = useState(false);
  const unsent = useLiveQuery(
    () => db.outbox.where('state').anyOf('pending', 'sending', 'conflict', 'failed').count(),
    [db],
  );
  // Files whose bytes only this device holds count as unsent edits: a wipe would lose them.
  const unsentCount = (unsent.kind === 'ready' ? unsent.value : 0) + useUnsentFileCount();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function keep() {
    setBusy(true);
    await engine.stop();
    await signOut();
  }

  async function wipe() {
    if (unsentCount > 0 && !confirmingWipe) {
      setConfirmingWipe(true);
      return;
    }
    setBusy(true);
    await engine.stop();
    await wipeFileData(db);
    db.close();
    await db.delete();
    await signOut();
  }

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="sign-out-title"
      onClose={onClose}
      data-testid="sign-out-dialog"
    >
      <h2 id="sign-out-title">{t('auth.signOutTitle')}</h2>
      <p>{t('auth.signOutQuestion')}</p>
      {unsentCount > 0 && (
        <p className="alert alert--warn" role="alert">
          {t('auth.unsentWarning', { count: unsentCount })}
        </p>
      )}
      <div className="dialog__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void keep()}
          autoFocus
        >
          {t('auth.keepData')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={() => void wipe()}>
          {confirmingWipe ? t('auth.confirmWipeUnsent') : t('auth.wipeData')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => dialog.current?.close()}>
          {t('auth.cancel')}
        </button>
      </div>
    </dialog>
  );
}
