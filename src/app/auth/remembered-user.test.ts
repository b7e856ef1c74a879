import { describe, expect, it } from 'vitest';
import { forgetUser, readRememberedUser, rememberUser } from './remembered-user.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  };
}

describe('remembered user', () => {
  it('round-trips and is forgotten only by an explicit sign-out', () => {
    const storage = memoryStorage();
    rememberUser(storage, { id: 'u1', email: 'medica@clinica.example' });
    expect(readRememberedUser(storage)).toEqual({ id: 'u1', email: 'medica@clinica.example' });
    forgetUser(storage);
    expect(readRememberedUser(storage)).toBeUndefined();
  });
  it('treats a corrupt or foreign value as nobody', () => {
    const storage = memoryStorage();
    storage.setItem('clinica.last-user', '{"id":""}');
    expect(readRememberedUser(storage)).toBeUndefined();
    storage.setItem('clinica.last-user', 'not json');
    expect(readRememberedUser(storage)).toBeUndefined();
  });
});
