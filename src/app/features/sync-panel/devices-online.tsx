import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context.tsx';
import { deviceId } from '../../sync/device-id.ts';

interface Device {
  readonly device: string;
  readonly email: string;
  readonly since: string;
}

/** A presence entry as the server builds it from the signed-in user's token. */
interface PresenceEntry {
  readonly email?: string | null;
  readonly online_at?: string;
}

/**
 * Devices with the app open right now, from Realtime presence on the private `devices` channel
 * (staff only). Each tab tracks itself under its device id; the server fills in who it is (the
 * e-mail of the token) and since when, so an entry cannot claim to be someone else.
 */
export function DevicesOnline() {
  const { t } = useTranslation();
  const { supabase, state } = useAuth();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const email = state.kind === 'signed-in' ? state.user.email : '';

  useEffect(() => {
    const me = deviceId(localStorage);
    const channel = supabase.channel('devices', { config: { private: true, presence: { key: me } } });
    channel
      .on('presence', { event: 'sync' }, () => {
        const present = channel.presenceState<PresenceEntry>();
        setDevices(
          Object.entries(present).flatMap(([device, metas]) =>
            metas
              .slice(0, 1)
              .map((meta) => ({ device, email: meta.email ?? '', since: meta.online_at ?? '' })),
          ),
        );
      })
      .subscribe((status) => {
        if (status === 'SUBSCRIBED') void channel.track({});
      });
    return () => {
      void supabase.removeChannel(channel);
    };
  }, [supabase, email]);

  return (
    <div>
      <h2>{t('syncPanel.devices')}</h2>
      {devices === null ? (
        <p className="muted">{t('syncPanel.devicesUnknown')}</p>
      ) : (
        <ul data-testid="devices-online">
          {devices.map((device) => (
            <li key={device.device}>
              {device.email} <span className="muted">({device.device.slice(0, 8)})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
