import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isProtocolError, parseWith, protocolError } from '../../../../src/core/protocol/protocol-error.ts';

describe('protocol errors', () => {
  it('are plain data recognised by kind, also after structured cloning', () => {
    const error = protocolError('rev_regressed', 'cursor went back');
    expect(isProtocolError(structuredClone(error))).toBe(true);
    expect(isProtocolError(new Error('x'))).toBe(false);
    expect(isProtocolError(null)).toBe(false);
  });

  it('name the failing paths of a malformed answer', () => {
    const parsed = parseWith(z.object({ a: z.object({ b: z.number() }) }), { a: { b: 'x' } }, 'thing');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe('malformed_response');
    expect(parsed.error.message).toMatch(/^thing: a\.b: /);
  });
});
