// The API reference works without the Internet: every file it loads comes from this origin,
// and its Content-Security-Policy lets nothing else run.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('the API reference at /docs', () => {
  it('loads only files of its own origin, under a policy that allows only them', async () => {
    const response = await test.app.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();

    const policy = directives(response.headers.get('content-security-policy') ?? '');
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);

    const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) expect(new URL(url, 'http://localhost:3000').origin).toBe('http://localhost:3000');
    // Inline code would need 'unsafe-inline': every script is a file, no style is inline.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('serves each file the page names with its content type, and the document it shows', async () => {
    const html = await (await test.app.request('/docs')).text();
    const files = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    for (const file of files) {
      const response = await test.app.request(file);
      expect(response.status, file).toBe(200);
      const expected = file.endsWith('.css') ? 'text/css' : 'text/javascript';
      expect(response.headers.get('content-type'), file).toContain(expected);
      expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
      expect((await response.text()).length, file).toBeGreaterThan(50);
    }
    const start = await (await test.app.request('/docs/start.js')).text();
    expect(start).toContain("'/openapi.json'");
    expect((await test.app.request('/openapi.json')).status).toBe(200);
    const other = await test.app.request('/docs/package.json');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });
});
