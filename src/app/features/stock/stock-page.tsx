import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Empty, Live } from '../../components/screen-states.tsx';
import { foldText } from '../../../engine/search-keys.ts';
import { formatQuantity } from '../billing/money-format.ts';
import { isLow } from './stock-actions.ts';

/** `/stock`: the branch's items with their stock on hand, low and negative stock marked. */
export function StockPage() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [query, setQuery] = useState('');
  const items = useLiveQuery(
    async () =>
      (await db.rows('inventory_items').toArray())
        .filter((row) => !row.deleted_at && row['active'] !== false)
        .sort((a, b) => String(a['name']).localeCompare(String(b['name']))),
    [db],
  );
  const wanted = foldText(query);
  const matches = (item: LocalRow) =>
    wanted === '' || foldText(`${String(item['name'])} ${String(item['sku'] ?? '')}`).includes(wanted);
  return (
    <section className="billing" aria-labelledby="stock-title">
      <div className="toolbar">
        <h1 id="stock-title" className="toolbar__grow">
          {t('stock.title')}
        </h1>
      </div>
      <div className="toolbar search">
        <input
          type="search"
          value={query}
          placeholder={t('stock.search')}
          aria-label={t('stock.search')}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <Live result={items}>
        {(list) =>
          list.filter(matches).length === 0 ? (
            <Empty>{t('stock.empty')}</Empty>
          ) : (
            <table className="table billing__lines" data-testid="stock-items">
              <thead>
                <tr>
                  <th>{t('stock.item')}</th>
                  <th className="num">{t('stock.onHand')}</th>
                  <th className="num">{t('stock.reorder')}</th>
                </tr>
              </thead>
              <tbody>
                {list.filter(matches).map((item) => {
                  const onHand = Number(item['quantity_on_hand'] ?? 0);
                  const unit = String(item['unit'] ?? '');
                  return (
                    <tr key={item.id} data-testid="stock-item">
                      <td data-label={t('stock.item')}>
                        <Link to={`/stock/${item.id}`}>{String(item['name'])}</Link>
                        {typeof item['sku'] === 'string' && item['sku'] && (
                          <span className="muted"> · {item['sku']}</span>
                        )}
                      </td>
                      <td className="num" data-label={t('stock.onHand')}>
                        {formatQuantity(onHand, i18n.language)} {unit}{' '}
                        {onHand < 0 ? (
                          <span className="badge badge--failed">{t('stock.negative')}</span>
                        ) : (
                          isLow(onHand, item['reorder_level']) && (
                            <span className="badge badge--pending">{t('stock.low')}</span>
                          )
                        )}
                      </td>
                      <td className="num" data-label={t('stock.reorder')}>
                        {item['reorder_level'] == null
                          ? '—'
                          : formatQuantity(Number(item['reorder_level']), i18n.language)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Live>
    </section>
  );
}
