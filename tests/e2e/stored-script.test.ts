import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { buildApp, signIn, startAppUnderTest, type AppUnderTest } from './support/app-under-test.ts';

const patient = 'd0000000-0000-4000-8000-000000000001';
/** What the attacker's file tries: read the session and send it away. */
const payload = `<html><body><script>
  document.title = 'ran';
  fetch('/steal?s=' + encodeURIComponent(String(localStorage.getItem('clinica-auth'))));
</script><svg xmlns="http://www.w3.org/2000/svg" onload="fetch('/steal?svg=1')"></svg></body></html>`;

// Finding 1 in Chromium: a receptionist's file must not run as a page of the app's origin, and
// the session in localStorage must stay out of its reach.
describe('stored script, in Chromium', () => {
  let app: AppUnderTest;
  let context: BrowserContext;
  let page: Page;
  const stolen: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    buildApp();
    app = await startAppUnderTest();
    context = await app.newContext();
    context.on('request', (request) => {
      if (request.url().includes('/steal')) stolen.push(request.url());
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signIn(page, 'recepcao@clinica.example');
  });
  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  /** An upload from the signed-in page, with the user's own token, as an attacker in the app would. */
  const uploadFromPage = (key: string, type: string, body: string) =>
    page.evaluate(
      async ({ key, type, body }) => {
        const session = JSON.parse(localStorage.getItem('clinica-auth') ?? '{}') as { access_token?: string };
        const config = (await (await fetch('/app-config.json')).json()) as { anonKey: string };
        const response = await fetch(`/storage/v1/object/clinic-files/${key}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${session.access_token}`,
            apikey: config.anonKey,
            'content-type': type,
          },
          body,
        });
        return { status: response.status, body: (await response.json()) as { code?: string } };
      },
      { key, type, body },
    );

  /** A signed URL the signed-in user may open, for an object planted as an older server stored it. */
  async function planted(name: string, storedType: string): Promise<string> {
    const key = `patients/${patient}/${name}`;
    expect((await uploadFromPage(key, 'text/plain', payload)).status).toBe(200);
    await app.server.db.query(
      `update storage.objects set metadata = jsonb_set(metadata, '{mimetype}', to_jsonb($2::text)) where name = $1`,
      [key, storedType],
    );
    return page.evaluate(async (key) => {
      const session = JSON.parse(localStorage.getItem('clinica-auth') ?? '{}') as { access_token?: string };
      const config = (await (await fetch('/app-config.json')).json()) as { anonKey: string };
      const response = await fetch(`/storage/v1/object/sign/clinic-files/${key}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session.access_token}`,
          apikey: config.anonKey,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ expiresIn: 60 }),
      });
      return `/storage/v1${((await response.json()) as { signedURL: string }).signedURL}`;
    }, key);
  }

  it('the session is in localStorage, so what follows is not vacuous', async () => {
    expect(await page.evaluate(() => localStorage.getItem('clinica-auth'))).toMatch(/access_token/);
  });

  it('refuses SVG and type lists a browser would read as HTML', async () => {
    for (const type of [
      'image/svg+xml',
      'image/png, text/html',
      'text/plain; charset=utf-8, text/html',
      'text/html',
    ]) {
      const refused = await uploadFromPage(`patients/${patient}/x-${type.length}.png`, type, payload);
      expect(refused, type).toEqual({
        status: 400,
        body: expect.objectContaining({ code: 'InvalidMimeType' }),
      });
    }
  });

  it('an HTML or SVG object opened from its signed URL is a download, and runs nothing', async () => {
    for (const [name, type] of [
      ['planted.html', 'text/html'],
      ['planted.svg', 'image/svg+xml'],
    ] as const) {
      const url = await planted(name, type);
      const tab = await context.newPage();
      const download = tab.waitForEvent('download', { timeout: 10_000 });
      await tab.goto(url).catch(() => undefined);
      expect((await download).suggestedFilename()).toBe(name);
      await tab.close();
    }
    await page.waitForTimeout(500);
    expect(stolen).toEqual([]);
  });

  it('an object shown inline is a sandboxed document: no script, no access to the session', async () => {
    const asText = await planted('planted.txt', 'text/plain');
    const tab = await context.newPage();
    await tab.goto(asText);
    // nosniff: the markup is shown as text, not parsed.
    expect(await tab.evaluate(() => document.body.innerText)).toContain('<script>');
    expect(await tab.title()).not.toBe('ran');
    // Its origin is opaque (sandbox): the app's storage is not its own.
    const storage = await tab.evaluate(() => {
      try {
        return String(localStorage.getItem('clinica-auth'));
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(storage).toBe('SecurityError');
    await tab.close();
    // Framed by the app itself it is still another origin.
    const framed = await page.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const reachable = frame.contentDocument !== null;
      frame.remove();
      return reachable;
    }, asText);
    expect(framed).toBe(false);
    await page.waitForTimeout(500);
    expect(stolen).toEqual([]);
  });

  it("the app's pages run only the app's own scripts (CSP), and the app works under that policy", async () => {
    const injected = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(injected).toBe(false);
    expect(cspViolations.some((text) => /inline/i.test(text))).toBe(true);
    // The refusal above is the only one: the app itself needs nothing the policy forbids.
    await page.goto('/sync');
    await page.getByTestId('sync-indicator').waitFor();
    expect(
      cspViolations.filter((text) => !/inline script/i.test(text) && !/'unsafe-eval'|eval/i.test(text)),
    ).toEqual([]);
  });
});
