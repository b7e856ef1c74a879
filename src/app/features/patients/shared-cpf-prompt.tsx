import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

interface Props {
  readonly holder: { readonly id: string; readonly [column: string]: unknown };
  /** Saves the chart with the reason the person gave (trimmed, never empty). */
  onConfirm(reason: string): void;
  onCancel(): void;
}

/**
 * Shown instead of saving when another chart already holds the CPF typed: the person opens the
 * existing chart, or says why this is another patient and saves with that reason kept.
 */
export function SharedCpfPrompt({ holder, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  return (
    <div
      className="alert alert--warn"
      role="alertdialog"
      aria-labelledby="shared-cpf-title"
      data-testid="shared-cpf"
    >
      <p id="shared-cpf-title">
        <strong>{t('patients.sharedCpf.title', { name: String(holder['full_name'] ?? '') })}</strong>
      </p>
      <p>{t('patients.sharedCpf.hint')}</p>
      <p>
        <Link to={`/patients/${holder.id}`} data-testid="shared-cpf-open">
          {t('patients.sharedCpf.open')}
        </Link>
      </p>
      <div className="field">
        <label htmlFor="shared-cpf-reason">{t('patients.sharedCpf.reason')}</label>
        <textarea
          id="shared-cpf-reason"
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          data-testid="shared-cpf-reason"
        />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={trimmed === ''}
          onClick={() => onConfirm(trimmed)}
          data-testid="shared-cpf-confirm"
        >
          {t('patients.sharedCpf.confirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('patients.sharedCpf.cancel')}
        </button>
      </div>
    </div>
  );
}
