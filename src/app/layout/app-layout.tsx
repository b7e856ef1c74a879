import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
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

/**
 * Header (brand, sync indicator, language, user), navigation, first-sync progress, screen. On a
 * narrow screen (a phone) the navigation folds behind the menu button and opens as a list over
 * the screen; choosing a screen folds it again. Wider, it is the row of tabs under the header.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useFocusOnNavigation();
  useEffect(() => setMenuOpen(false), [pathname]);
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
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
          data-testid="nav-toggle"
        >
          <span aria-hidden="true">☰</span>
          <span className="nav-toggle__label">{t('nav.menu')}</span>
        </button>
        <div className="header__extras" data-open={menuOpen || undefined}>
          <LanguageSwitcher />
          <UserMenu />
        </div>
      </header>
      <div className="nav-area">
        <nav className="nav" id="main-nav" aria-label={t('nav.main')} data-open={menuOpen || undefined}>
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
