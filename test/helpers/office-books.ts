// A tenant whose books hold what a bookkeeper meets in the back office: sent invoices paid by
// card on the Saferpay sandbox (booked on 1029), a payment service whose payouts are
// recognised, and a signed-in bookkeeper (and accountant) in the office.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { users } from '../../src/db/schema.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { type TestApp, apiClient } from './app.js';
import { camtFixture } from './bank-statements.js';
import { createConnection, createDraftInvoice } from './invoices.js';
import { givePassword, officeVisitor } from './office.js';
import { act, choose, returnTo } from './saferpay-payer.js';
import { invoicingTenant } from './sent-invoice.js';

export const swissDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());

export async function booksWithCardPayments(test: TestApp, count = 1) {
  const setup = await invoicingTenant(test);
  const connectionId = await createConnection(setup.admin);
  expect((await setup.admin.put(`/api/v1/connections/${connectionId}/payout-recognition`, { patterns: ['Worldline'] })).status).toBe(200);
  const invoices: { id: string; total: number; number: string }[] = [];
  for (let i = 0; i < count; i++) {
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<{ id: string; total: number; number: string; payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    await returnTo(test, await act(test, await choose(test, new URL(sent.body.payLink.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
    invoices.push(sent.body);
  }
  const bookkeeper = apiClient(test.app, setup.tenant.keys.bookkeeper);
  return { ...setup, connectionId, invoices, bookkeeper };
}

/** A user of the tenant signed in to the back office. */
export async function signedIn(test: TestApp, userId: string) {
  const [user] = await test.database.db.select().from(users).where(eq(users.id, userId));
  await givePassword(test.database.db, userId, 'books balance nicely');
  const visitor = officeVisitor(test.app);
  const answer = await visitor.signIn(user!.email, 'books balance nicely');
  expect(answer.status).toBe(303);
  return visitor;
}

/** A day's camt.053 with one payout from the card acquirer. */
export const payoutStatement = (amount: number, ref: string, account = 'CH9300762011623852957') =>
  camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: account, CURRENCY: 'CHF', AMOUNT: formatMinor(amount, 'CHF'), DATE: swissDay(), REF: ref });
