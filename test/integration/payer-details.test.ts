// Small things a payer notices on the online invoice and its PDF: a VAT rate never breaks
// away from its % sign; the payment reference stands by the amount, grouped as on the
// QR-bill; the browser's tab gets an icon instead of a 404.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { pdfText } from '../helpers/pdf-content.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function sentInvoice(settings: Record<string, unknown> = {}) {
  const setup = await invoicingTenant(test, settings);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string }; paymentReference: string }>(`/api/v1/invoices/${draft.id}/send`);
  return { path: new URL(sent.body.payLink.url).pathname, reference: sent.body.paymentReference };
}

const html = async (path: string) => (await test.app.request(path)).text();
const nbsp = '\u00a0';

describe('a VAT rate', () => {
  it('is tied to its % sign by a no-break space on the page and in the PDF', async () => {
    const { path } = await sentInvoice();
    const page = await html(`${path}?lang=de`);
    expect(page).toContain(`MWST 8.1${nbsp}%`);
    expect(page).toContain(`MWST 2.6${nbsp}%`);
    expect(page).not.toMatch(/\d %/);

    const pdf = pdfText(new Uint8Array(await (await test.app.request(`${path}/invoice.pdf`)).arrayBuffer()));
    expect(pdf).toContain(`TVA 8.1${nbsp}% sur 2’250.00`);
    expect(pdf).not.toMatch(/\d %/);
  });
});

describe('the payment reference on the online invoice', () => {
  /** The reference as the page shows it right under the amount due. */
  const shownReference = (page: string) =>
    /<div class="amount">[^<]*<\/div><p class="meta">(?:(?!<\/p>).)*?<span class="reference">([^<]*)<\/span>/s.exec(page)?.[1];

  it('shows a QR reference in blocks of five from the right', async () => {
    const { path, reference } = await sentInvoice({ iban: 'CH4431999123000889012' });
    const shown = shownReference(await html(`${path}?lang=en`));
    expect(shown).toMatch(/^\d{2}( \d{5}){5}$/);
    expect(shown?.replaceAll(' ', '')).toBe(reference);
  });

  it('shows a creditor reference in blocks of four', async () => {
    const { path, reference } = await sentInvoice();
    const shown = shownReference(await html(`${path}?lang=en`));
    expect(shown).toMatch(/^RF\d{2}( [A-Z0-9]{4})*( [A-Z0-9]{1,4})?$/);
    expect(shown?.replaceAll(' ', '')).toBe(reference);
  });
});

describe('the icon of the pages', () => {
  it('answers /favicon.ico with a small SVG that every page links', async () => {
    const icon = await test.app.request('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('Content-Type')).toBe('image/svg+xml');
    const svg = await icon.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
    expect(svg.length).toBeLessThan(1024);

    const { path } = await sentInvoice();
    for (const page of [await html(path), await html('/pay/AAAAAAAAAAAAAAAAAAAAAAAAAAA')]) {
      expect(page).toContain('<link rel="icon" href="/favicon.ico" type="image/svg+xml"/>');
    }
  });
});
