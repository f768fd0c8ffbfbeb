// A pay link's PDF costs real CPU: one address gets sixty in ten minutes, then 429 with
// Retry-After, while a payer elsewhere still gets the PDF.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { payerPdfsPerAddress } from '../../src/rate-limit/limits.js';
import { createTestApp, testClientHeader } from '../helpers/app.js';
import { randomClientAddress, windowClock } from '../helpers/clock.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

describe('PDFs through a pay link', () => {
  it('refuses the address that fetched too many, and serves another', async () => {
    const clock = windowClock();
    const test = await createTestApp({ now: clock.now });
    const setup = await invoicingTenant(test);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    const pdfPath = `${new URL(sent.body.payLink!.url).pathname}/invoice.pdf`;
    const greedy = randomClientAddress();
    const fetchPdf = (address: string) => test.app.request(pdfPath, { headers: { [testClientHeader]: address } });
    for (let i = 0; i < payerPdfsPerAddress.max; i++) {
      const response = await fetchPdf(greedy);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const refused = await fetchPdf(greedy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await refused.text()).not.toContain('%PDF');
    const other = await fetchPdf(randomClientAddress());
    expect(other.status).toBe(200);
    expect(other.headers.get('Content-Type')).toContain('application/pdf');
    // Sixty-two PDFs rendered: about ten seconds alone, over thirty beside other suites on two cores.
  }, 120_000);
});
