import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isClinical, useCurrentProfile } from './current-profile.ts';

/**
 * Renders `children` for clinical staff (admin, doctor, nurse); anyone else is told the screen is
 * not for their role. The server already keeps clinical rows off their devices (RLS); this keeps
 * them off the screens too, instead of an empty page that looks broken. With `fallback` given,
 * non-clinical users see it instead of the notice.
 */
export function ClinicalOnly({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  const { t } = useTranslation();
  const profile = useCurrentProfile();
  if (profile.kind !== 'ready') return null;
  if (isClinical(profile.value)) return <>{children}</>;
  if (fallback !== undefined) return <>{fallback}</>;
  return (
    <div className="alert alert--warn" role="note" data-testid="clinical-only">
      <p>{t('clinical.notForRole')}</p>
      <Link to="/patients">{t('clinical.toPatients')}</Link>
    </div>
  );
}
