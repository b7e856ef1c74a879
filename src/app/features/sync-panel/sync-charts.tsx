import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsRecord } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatTime } from '../../i18n/format.ts';

interface Point {
  readonly at: number;
  readonly pull?: number;
  readonly push?: number;
  readonly pullRows?: number;
  readonly pushRows?: number;
  readonly queue?: number;
  readonly poke?: number;
}

/** One point per measured cycle: pull and push on separate series so gaps do not draw lines. */
export function toChartPoints(cycles: readonly MetricsRecord[]): Point[] {
  return cycles
    .filter((cycle) => cycle.kind !== 'integrity')
    .map((cycle) => {
      const at = Date.parse(cycle.at);
      if (cycle.kind === 'pull') {
        return {
          at,
          pull: cycle.durationMs,
          pullRows: cycle.rows,
          queue: cycle.queueDepth,
          ...(cycle.pokeToAppliedMs === null ? {} : { poke: cycle.pokeToAppliedMs }),
        };
      }
      return { at, push: cycle.durationMs, pushRows: cycle.rows, queue: cycle.queueDepth };
    });
}

const recentCycles = 200;

export function SyncCharts() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const cycles = useLiveQuery(() => db.metrics.orderBy('seq').reverse().limit(recentCycles).toArray(), [db]);
  return (
    <div>
      <h2>{t('syncPanel.charts')}</h2>
      <Live result={cycles}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('syncPanel.noMetrics')}</Empty>
          ) : (
            <Charts points={toChartPoints([...list].reverse())} locale={i18n.language} />
          )
        }
      </Live>
    </div>
  );
}

function Charts({ points, locale }: { points: Point[]; locale: string }) {
  const { t } = useTranslation();
  const tick = useMemo(() => (value: number) => formatTime(value, locale), [locale]);
  const chart = (
    title: string,
    series: readonly (readonly [keyof Point, string, string])[],
    unit: string,
  ) => (
    <figure className="chart" aria-label={title}>
      <figcaption className="muted">{title}</figcaption>
      <ResponsiveContainer width="100%" height="90%">
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tick}
            scale="time"
          />
          <YAxis unit={unit} width={60} />
          <Tooltip labelFormatter={(value) => tick(Number(value))} />
          <Legend />
          {series.map(([key, name, color]) => (
            <Line
              key={key}
              dataKey={key}
              name={name}
              stroke={color}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
  return (
    <div className="charts" data-testid="sync-charts">
      {chart(
        t('syncPanel.chartDurations'),
        [
          ['pull', t('syncPanel.pull'), '#0f5c63'],
          ['push', t('syncPanel.push'), '#f2a93b'],
        ],
        ' ms',
      )}
      {chart(
        t('syncPanel.chartRows'),
        [
          ['pullRows', t('syncPanel.pull'), '#0f5c63'],
          ['pushRows', t('syncPanel.push'), '#f2a93b'],
        ],
        '',
      )}
      {chart(t('syncPanel.chartQueue'), [['queue', t('syncPanel.queueDepth'), '#6a4bb0']], '')}
      {chart(t('syncPanel.chartPoke'), [['poke', t('syncPanel.pokeLatency'), '#a8232b']], ' ms')}
    </div>
  );
}
