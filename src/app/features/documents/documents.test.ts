import { describe, expect, it } from 'vitest';
import i18next, { type TFunction } from 'i18next';
import { jsPDF } from 'jspdf';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { LocalRow } from '../../../engine/local-records.ts';
import { ptBR } from '../../i18n/locales/pt-BR.ts';
import { es } from '../../i18n/locales/es.ts';
import { documentTexts } from './document-model.ts';
import { prescriptionDocument } from './prescription-document.ts';
import { certificateDocument } from './certificate-document.ts';
import { renderPdf } from './document-pdf.ts';
import type { DocumentSources } from './document-sources.ts';

async function translator(language: 'pt-BR' | 'es'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { 'pt-BR': { translation: ptBR }, es: { translation: es } },
    lng: language,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

const row = (values: Record<string, unknown>): LocalRow => ({ id: crypto.randomUUID(), rev: 1, ...values });
const branch = row({
  name: 'Clínica Centro — São Paulo',
  phone: '+551130001000',
  address: { street: 'Rua Augusta, 1500', city: 'São Paulo', state: 'SP', postal_code: '01304-001' },
});
const doctor = row({ full_name: 'Dra. Marina Coutinho', license_number: 'CRM-SP 123456', council: 'CRM' });
const patient = row({
  full_name: 'Ana Souza Lima',
  document_type: 'CPF',
  document_id: '52998224725',
  birth_date: '1980-05-02',
  address: { street: 'Rua das Flores, 10', city: 'São Paulo', state: 'SP' },
});
const lines = [
  row({
    position: 0,
    medication: 'Paracetamol',
    presentation: 'comprimido 750 mg',
    dosage: '1 comprimido',
    route: 'oral',
    frequency: 'de 8 em 8 horas',
    duration: '5 dias',
    quantity: 15,
    quantity_unit: 'comprimidos',
  }),
  row({
    position: 1,
    medication: 'Clonazepam',
    presentation: 'gotas 2,5 mg/ml',
    quantity: 1,
    quantity_unit: 'frasco',
  }),
];

async function sources(language: 'pt-BR' | 'es' = 'pt-BR'): Promise<DocumentSources> {
  return { t: await translator(language), language, branch, professional: doctor, patient };
}

async function textOfPdf(bytes: ArrayBuffer): Promise<{ pages: number; text: string; landscape: boolean }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 }).promise;
  const parts: string[] = [];
  let landscape = false;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    landscape = (page.view[2] ?? 0) > (page.view[3] ?? 0);
    parts.push((await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return { pages: pdf.numPages, text: parts.join(' ').replace(/\s+/g, ' '), landscape };
}

describe('printed documents', () => {
  it('a simple receita heads the page with the clinic and the professional and lists each line', async () => {
    const prescription = row({ kind: 'simple', status: 'issued', issued_at: '2026-12-03T13:00:00Z' });
    const document = prescriptionDocument(await sources(), prescription, lines);
    expect(document.layout).toBe('single');
    const [copy] = document.copies;
    expect(copy?.header).toEqual({
      clinic: 'Clínica Centro — São Paulo',
      addressLines: ['Rua Augusta, 1500', 'São Paulo - SP, 01304-001', 'Tel. +55 11 3000 1000'],
      professional: 'Dra. Marina Coutinho',
      registration: 'CRM-SP 123456',
    });
    expect(copy?.title).toBe('Receituário');
    expect(copy?.patient).toEqual([
      ['Paciente', 'Ana Souza Lima'],
      ['CPF', '529.982.247-25'],
    ]);
    expect(copy?.blocks[0]).toEqual({
      kind: 'medication',
      number: 1,
      title: 'Paracetamol — comprimido 750 mg',
      details: ['1 comprimido, via oral, de 8 em 8 horas, por 5 dias.', 'Quantidade: 15 comprimidos'],
    });
    expect(copy?.placeAndDate).toBe('São Paulo, 3 de dezembro de 2026');
    expect(copy?.footnote).toBeNull();
  });

  it('a controlled receita has two copies with the patient address, quantities in words and the fill-in boxes', async () => {
    const prescription = row({
      kind: 'special_control',
      status: 'issued',
      issued_at: '2026-12-03T13:00:00Z',
    });
    const document = prescriptionDocument(await sources(), prescription, lines);
    expect(document.layout).toBe('two-copies');
    expect(document.copies.map((c) => c.copyLabel)).toEqual([
      '1ª via — retenção da farmácia ou drogaria',
      '2ª via — orientação ao paciente',
    ]);
    const copy = document.copies[1];
    expect(copy?.patient.map(([label]) => label)).toEqual(['Paciente', 'CPF', 'Endereço']);
    const texts = documentTexts(document);
    expect(texts).toContain('Quantidade: 15 (quinze) comprimidos');
    expect(texts).toContain('Quantidade: 1 (um) frasco');
    expect(copy?.boxes.map((b) => b.title)).toEqual([
      'Identificação do comprador',
      'Identificação do fornecedor',
    ]);
  });

  it('says on the page when a prescription is only a draft', async () => {
    const draft = row({ kind: 'simple', status: 'draft', issued_at: '2026-12-03T13:00:00Z' });
    const document = prescriptionDocument(await sources(), draft, lines);
    expect(document.copies[0]?.footnote).toBe('RASCUNHO — documento ainda não assinado');
  });

  it('writes in the person’s language', async () => {
    const certificate = row({
      kind: 'sick_leave',
      days: 2,
      starts_on: '2026-12-03',
      issued_at: '2026-12-03T13:00:00Z',
      cid_code: 'J06.9',
    });
    const document = certificateDocument(await sources('es'), certificate, undefined);
    expect(document.title).toBe('Constancia médica');
    expect(documentTexts(document).join(' ')).toContain(
      'requiere 2 días de incapacidad a partir del 3/12/26',
    );
    expect(documentTexts(document)).toContain('CIE-10: J06.9 (indicado con autorización del paciente).');
  });

  it('the PDF holds every text of the document: A4 portrait for one copy, landscape for two', async () => {
    for (const kind of ['simple', 'special_control'] as const) {
      const prescription = row({ kind, status: 'issued', issued_at: '2026-12-03T13:00:00Z' });
      const document = prescriptionDocument(await sources(), prescription, lines);
      const pdf = await textOfPdf(renderPdf(document, jsPDF).output('arraybuffer'));
      expect(pdf.pages).toBe(1);
      expect(pdf.landscape).toBe(kind === 'special_control');
      for (const text of documentTexts(document)) expect(pdf.text).toContain(text.replace(/\s+/g, ' '));
    }
  });
});
