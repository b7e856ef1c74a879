import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * After a navigation, keyboard and screen-reader users land on the new screen's heading instead of
 * staying on the link they used. A screen that focused something itself (a search box) keeps it.
 */
export function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const active = document.activeElement;
    const moved = active && active !== document.body && !active.closest('nav, header');
    if (moved) return;
    const target = document.querySelector<HTMLElement>('#main h1') ?? document.getElementById('main');
    if (target && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target?.focus({ preventScroll: false });
  }, [pathname]);
}
