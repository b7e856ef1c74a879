import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { ClinicalOnly } from '../clinical/clinical-only.tsx';
import { documentKinds, type DocumentKind, type PrintableDocument } from './document-model.ts';
import { loadDocument } from './load-document.ts';
import { DocumentView } from './document-view.tsx';
import { documentPdfBlob } from './document-pdf.ts';

const isKind = (value: string): value is DocumentKind => (documentKinds as readonly string[]).includes(value);

/**
 * `/documents/:kind/:id`: a prescription, encounter summary, referral or certificate as a
 * print-ready page (the browser's print uses the print stylesheet: no app chrome, A4, the
 * controlled receita's two copies on a landscape sheet) and as a PDF made on this device.
 * Everything comes from the local copy, so both work offline.
 */
export function DocumentPage() {
  const { kind = '', id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const document = useLiveQuery(
    async () => (isKind(kind) ? ((await loadDocument(db, kind, id, t, i18n.language)) ?? null) : null),
    [db, kind, id, t, i18n.language],
  );
  return (
    <ClinicalOnly>
      <Live result={document}>
        {(value) => (value ? <DocumentScreen document={value} /> : <Empty>{t('common.notFound')}</Empty>)}
      </Live>
    </ClinicalOnly>
  );
}

function DocumentScreen({ document }: { document: PrintableDocument }) {
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
      {document.layout === 'two-copies' && <style>{'@page { size: A4 landscape; margin: 8mm; }'}</style>}
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
          data-testid="document-print"
        >
          {t('clinical.documents.print')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void downloadPdf()}
          disabled={state === 'making'}
          data-testid="document-pdf"
        >
          {state === 'making' ? t('clinical.documents.makingPdf') : t('clinical.documents.pdf')}
        </button>
      </div>
      {state === 'error' && (
        <p className="alert alert--error no-print" role="alert">
          {t('clinical.documents.pdfFailed')}
        </p>
      )}
      <DocumentView document={document} />
    </section>
  );
}
