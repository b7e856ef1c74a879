import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { balanceDueCents, centsOf } from '../../../core/billing/money.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Empty, Live } from '../../components/screen-states.tsx';
import type { PrintableDocument } from '../documents/document-model.ts';
import { DocumentView } from '../documents/document-view.tsx';
import { documentPdfBlob } from '../documents/document-pdf.ts';
import { BillingOnly } from './billing-only.tsx';
import { liveLines, livePayments } from './invoice-actions.ts';
import { receiptDocument } from './receipt-document.ts';
import { paymentRoles, useSignedInStaff } from './use-staff-role.ts';

/**
 * `/billing/receipts/:paymentId`: the receipt of a payment as a print-ready page (the print
 * stylesheet the receita uses: no app chrome, A4) and as a PDF made on this device, offline too.
 */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const staff = useSignedInStaff();
  const profile = staff === 'loading' ? null : staff.profile;
  const document = useLiveQuery(async (): Promise<PrintableDocument | null> => {
    const payment = await db.rows('payments').get(id);
    if (!payment || typeof payment['invoice_id'] !== 'string') return null;
    const invoice = await db.rows('invoices').get(payment['invoice_id']);
    if (!invoice) return null;
    const [lines, payments, patient, branch] = await Promise.all([
      liveLines(db, invoice.id),
      livePayments(db, invoice.id),
      db.rows('patients').get(String(invoice['patient_id'])),
      db.rows('branches').get(String(invoice['branch_id'])),
    ]);
    // What was still due right after this payment (later payments are not on this receipt).
    const upTo = payments.filter((row) => String(row['paid_at']) <= String(payment['paid_at']));
    const balanceCents = balanceDueCents(
      centsOf(invoice['total']),
      upTo.map((row) => centsOf(row['amount'])),
    );
    return receiptDocument(
      { t, language: i18n.language, branch, patient, professional: profile ?? undefined },
      { payment, invoice, lines, balanceCents },
    );
  }, [db, id, t, i18n.language, profile]);
  return (
    <BillingOnly roles={paymentRoles}>
      {() => (
        <Live result={document}>
          {(value) => (value ? <ReceiptScreen document={value} /> : <Empty>{t('common.notFound')}</Empty>)}
        </Live>
      )}
    </BillingOnly>
  );
}

function ReceiptScreen({ document }: { document: PrintableDocument }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [state, setState] = useState<'idle' | 'making' | 'error'>('idle');

  async function downloadPdf() {
    setState('making');
    try {
      const blob = await documentPdfBlob(document);
      const url = URL.createObjectURL(blob);
      const link = window.document.createElement('a');
      link.href = url;
      link.download = document.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState('idle');
    } catch {
      setState('error');
    }
  }

  return (
    <section aria-label={document.title} className="document-screen">
      <div className="toolbar no-print">
        <button type="button" className="button button--small" onClick={() => void navigate(-1)}>
          ← {t('common.back')}
        </button>
        <h1>{document.title}</h1>
        <span className="header__spacer" />
        <button
          type="button"
          className="button button--primary"
          onClick={() => window.print()}
          data-testid="receipt-print"
        >
          {t('billing.receipt.print')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void downloadPdf()}
          disabled={state === 'making'}
          data-testid="receipt-pdf"
        >
          {state === 'making' ? t('billing.receipt.makingPdf') : t('billing.receipt.pdf')}
        </button>
      </div>
      {state === 'error' && (
        <p className="alert alert--error no-print" role="alert">
          {t('billing.receipt.pdfFailed')}
        </p>
      )}
      <DocumentView document={document} />
    </section>
  );
}
