import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context.tsx';
import { deviceId } from '../../sync/device-id.ts';

interface Device {
  readonly device: string;
  readonly email: string;
  readonly since: string;
}

/**
 * Devices with the app open right now, from Realtime presence on the `devices` channel. Each tab
 * tracks its device id and user; the list is what the server's presence state says.
 */
export function DevicesOnline() {
  const { t } = useTranslation();
  const { supabase, state } = useAuth();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const email = state.kind === 'signed-in' ? state.user.email : '';

  useEffect(() => {
    const me = deviceId(localStorage);
    const channel = supabase.channel('devices', { config: { presence: { key: me } } });
    channel
      .on('presence', { event: 'sync' }, () => {
        const present = channel.presenceState<Device>();
        const list = Object.values(present).flatMap((metas) => metas.slice(0, 1));
        setDevices(list.map(({ device, email: who, since }) => ({ device, email: who, since })));
      })
      .subscribe((status) => {
        if (status === 'SUBSCRIBED')
          void channel.track({ device: me, email, since: new Date().toISOString() });
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
