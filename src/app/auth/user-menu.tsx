import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth-context.tsx';
import { SignOutDialog } from './sign-out-dialog.tsx';

export function UserMenu() {
  const { t } = useTranslation();
  const { state } = useAuth();
  const [open, setOpen] = useState(false);
  if (state.kind !== 'signed-in') return null;
  return (
    <div className="user-menu">
      <span title={state.verified ? undefined : t('auth.offlineSession')} data-testid="signed-in-user">
        {state.user.email}
        {!state.verified && ' ⚠'}
      </span>
      <button type="button" className="button button--small" onClick={() => setOpen(true)}>
        {t('auth.signOut')}
      </button>
      {open && <SignOutDialog onClose={() => setOpen(false)} />}
    </div>
  );
}
