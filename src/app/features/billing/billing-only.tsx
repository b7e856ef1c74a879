import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StaffRole } from '../../../core/schema/clinic-tables.ts';
import { Loading } from '../../components/screen-states.tsx';
import { useSignedInStaff } from './use-staff-role.ts';

/**
 * Renders `children` with the person's role when it is one of `roles`; anyone else is told the
 * screen belongs to billing (the server keeps billing rows off their devices already, RLS).
 */
export function BillingOnly({
  roles,
  children,
}: {
  roles: readonly StaffRole[];
  children: (role: StaffRole) => ReactNode;
}) {
  const { t } = useTranslation();
  const staff = useSignedInStaff();
  if (staff === 'loading') return <Loading />;
  if (staff.role !== null && roles.includes(staff.role)) return <>{children(staff.role)}</>;
  return (
    <div className="alert alert--warn" role="note" data-testid="billing-only">
      <p>{t('billing.notForRole')}</p>
      <Link to="/patients">{t('billing.toPatients')}</Link>
    </div>
  );
}
