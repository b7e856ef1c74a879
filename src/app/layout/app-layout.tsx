import { NavLink, Outlet } from 'react-router-dom';
import { useFocusOnNavigation } from './focus-on-navigation.ts';
import { useTranslation } from 'react-i18next';
import { SyncIndicator } from '../sync/sync-indicator.tsx';
import { FirstSyncProgress } from '../sync/first-sync-progress.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';
import { UserMenu } from '../auth/user-menu.tsx';
import { BackgroundPushRequest } from '../sync/background-push-request.tsx';
import { FileUploadsRunner } from '../features/files/file-services.ts';
import { FilesNavLink } from '../features/files/files-nav-link.tsx';
import { MyDayNavLink } from '../features/my-day/home-redirect.tsx';

const links = [
  ['/patients', 'nav.patients'],
  ['/agenda', 'nav.agenda'],
  ['/billing', 'billing.nav'],
  ['/stock', 'stock.nav'],
  ['/data', 'nav.data'],
  ['/duplicates', 'nav.duplicates'],
  ['/trash', 'nav.trash'],
  ['/conflicts', 'nav.conflicts'],
  ['/sync', 'nav.sync'],
  ['/settings', 'nav.settings'],
] as const;

/** Header (brand, sync indicator, language, user), navigation, first-sync progress, screen. */
export function AppLayout() {
  const { t } = useTranslation();
  useFocusOnNavigation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <NavLink to="/patients" className="header__brand">
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          {t('app.name')}
        </NavLink>
        <span className="header__spacer" />
        <SyncIndicator />
        <LanguageSwitcher />
        <UserMenu />
      </header>
      <div>
        <nav className="nav" aria-label={t('nav.main')}>
          <MyDayNavLink />
          {links.map(([to, key]) => (
            <NavLink key={to} to={to}>
              {t(key)}
            </NavLink>
          ))}
          <FilesNavLink />
        </nav>
        <FirstSyncProgress />
      </div>
      <BackgroundPushRequest />
      <FileUploadsRunner />
      <main className="main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
