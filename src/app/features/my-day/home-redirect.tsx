import { Navigate, NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { careGivers, isClinical, roleOf, useCurrentProfile } from '../clinical/current-profile.ts';

/** `/`: doctors and nurses start on their day; everyone else on the patient list. */
export function HomeRedirect() {
  const profile = useCurrentProfile();
  if (profile.kind === 'loading') return null;
  const role = profile.kind === 'ready' ? roleOf(profile.value) : null;
  return <Navigate to={role !== null && careGivers.includes(role) ? '/my-day' : '/patients'} replace />;
}

/** The navigation link to "my day", for clinical staff only. */
export function MyDayNavLink() {
  const { t } = useTranslation();
  const profile = useCurrentProfile();
  if (profile.kind !== 'ready' || !isClinical(profile.value)) return null;
  return <NavLink to="/my-day">{t('clinical.myDay.title')}</NavLink>;
}
