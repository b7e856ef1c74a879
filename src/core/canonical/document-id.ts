/**
 * A person's document number as it is stored: a CPF (11 digits) and a Honduran DNI (13 digits)
 * by their digits only, whatever punctuation was typed ("529.982.247-25", "0801-1990-12345");
 * every other kind trimmed. Display formatting belongs to the screen. Empty text is no document.
 */
export function canonicalDocumentId(type: string, text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (type === 'CPF' || type === 'DNI') {
    const digits = trimmed.replace(/\D/g, '');
    return digits === '' ? trimmed : digits;
  }
  return trimmed;
}
