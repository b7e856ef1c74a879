import type { DocumentBlock, DocumentCopy, PrintableDocument } from './document-model.ts';

/** The print-ready page of a document: the same content the PDF holds, laid out with CSS. */
export function DocumentView({ document }: { document: PrintableDocument }) {
  return (
    <div
      className={`printed printed--${document.layout}`}
      lang={document.language}
      data-testid="printed-document"
      data-kind={document.kind}
    >
      {document.copies.map((copy, index) => (
        <CopyView key={index} copy={copy} />
      ))}
    </div>
  );
}

function CopyView({ copy }: { copy: DocumentCopy }) {
  return (
    <article className="printed__copy" data-testid="printed-copy">
      {copy.copyLabel && <p className="printed__copy-label">{copy.copyLabel}</p>}
      <header className="printed__header">
        <p className="printed__clinic">{copy.header.clinic}</p>
        {copy.header.addressLines.map((line) => (
          <p key={line} className="printed__address">
            {line}
          </p>
        ))}
        <p className="printed__professional">
          {[copy.header.professional, copy.header.registration].filter(Boolean).join(' — ')}
        </p>
      </header>
      <h2 className="printed__title">{copy.title}</h2>
      {copy.patient.length > 0 && (
        <dl className="printed__patient">
          {copy.patient.map(([label, value]) => (
            <div key={label}>
              <dt>{label}:</dt> <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="printed__body">
        {copy.blocks.map((block, index) => (
          <BlockView key={index} block={block} />
        ))}
      </div>
      <footer className="printed__footer">
        <p className="printed__place">{copy.placeAndDate}</p>
        <div className="printed__signature">
          <span className="printed__signature-line" />
          <strong>{copy.signature.name}</strong>
          <span>{copy.signature.registration}</span>
          <small>{copy.signature.caption}</small>
        </div>
        {copy.boxes.map((box) => (
          <section key={box.title} className="printed__box">
            <h3>{box.title}</h3>
            {box.lines.map((line) => (
              <p key={line}>
                {line} <span className="printed__blank" />
              </p>
            ))}
          </section>
        ))}
        {copy.footnote && <p className="printed__footnote">{copy.footnote}</p>}
      </footer>
    </article>
  );
}

function BlockView({ block }: { block: DocumentBlock }) {
  switch (block.kind) {
    case 'heading':
      return <h3 className="printed__heading">{block.text}</h3>;
    case 'paragraph':
      return <p className="printed__paragraph">{block.text}</p>;
    case 'fields':
      return (
        <dl className="printed__fields">
          {block.rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}:</dt> <dd>{value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'medication':
      return (
        <div className="printed__medication" data-testid="printed-medication">
          <p className="printed__medication-title">
            {block.number}. {block.title}
          </p>
          {block.details.map((detail) => (
            <p key={detail} className="printed__medication-detail">
              {detail}
            </p>
          ))}
        </div>
      );
  }
}
