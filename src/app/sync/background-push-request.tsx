import { useEffect } from 'react';
import { useSyncSummary } from './use-sync-summary.ts';
import { requestBackgroundPush } from '../pwa/service-worker-session.ts';

/**
 * Whenever the outbox grows, ask for a Background Sync: if this tab closes before the link
 * returns, the service worker still pushes the edits (same push lock as the sync worker).
 */
export function BackgroundPushRequest() {
  const pending = useSyncSummary()?.pending ?? 0;
  useEffect(() => {
    if (pending > 0) requestBackgroundPush();
  }, [pending]);
  return null;
}
