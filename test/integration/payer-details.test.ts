// Small things a payer notices on the online invoice and its PDF: a VAT rate never breaks
// away from its % sign.
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
