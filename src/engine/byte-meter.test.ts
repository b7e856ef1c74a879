import { describe, expect, it } from 'vitest';
import { byteMeter } from './byte-meter.ts';

const answering =
  (response: () => Response): typeof fetch =>
  () =>
    Promise.resolve(response());

describe('byte meter', () => {
  it('counts a declared length and hands the response on unread', async () => {
    const sent = new Response('{"ok":true}', { headers: { 'Content-Length': '11' } });
    const meter = byteMeter(answering(() => sent));
    const received = await meter.fetch('http://server.test/');
    expect(received).toBe(sent);
    expect(meter.bytes()).toBe(11);
    expect(await received.json()).toEqual({ ok: true });
  });

  it('counts the bytes, not the characters, of a body without a declared length', async () => {
    const meter = byteMeter(
      answering(() => new Response('"São Paulo"', { status: 201, statusText: 'Created' })),
    );
    const received = await meter.fetch('http://server.test/');
    expect(meter.bytes()).toBe(12);
    expect(received.status).toBe(201);
    expect(received.statusText).toBe('Created');
    expect(await received.json()).toBe('São Paulo');
  });

  it('passes an empty answer on without a body', async () => {
    const meter = byteMeter(answering(() => new Response(null, { status: 204 })));
    const received = await meter.fetch('http://server.test/');
    expect(received.status).toBe(204);
    expect(await received.text()).toBe('');
    expect(meter.bytes()).toBe(0);
  });
});
