import { Navigate, NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/screen-states.tsx';
import { useSyncSummary } from '../../sync/use-sync-summary.ts';
import { careGivers, isClinical, roleOf, useCurrentProfile } from '../clinical/current-profile.ts';

/**
 * `/`: doctors and nurses start on their day; everyone else on the patient list. Right after a
 * first sign-in the user's profile may not be on the device yet: the choice waits for the first
 * pull rather than sending a doctor to the wrong screen.
 */
export function HomeRedirect() {
  const profile = useCurrentProfile();
  const summary = useSyncSummary();
  if (profile.kind === 'loading') return null;
  if (
    profile.kind === 'ready' &&
    profile.value === null &&
    (summary === undefined || summary.lastPullAt === null)
  )
    return <Loading />;
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
