// Provider payouts on the bank statement clear the system account: a proposal of the open
// card payments it covers, accepted by a bookkeeper, books the gross off 1029, the fees on
// 6940 and, for a foreign currency, the exchange difference on 6960.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { apiClient, createTestApp } from '../helpers/app.js';
import { type SystemAccountView, balanceOf, camtFixture, expectBooksExplained, postStatement } from '../helpers/bank-statements.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
const eurAccount = 'CH0809000000250097798';

interface Proposal {
  id: string;
  attemptIds: string[];
  itemsTotal: number;
  payoutAmount: number;
  reason: string;
  status: string;
}

async function cardPayments(count: number, currency: 'CHF' | 'EUR') {
  const app = await createTestApp();
  const setup = await invoicingTenant(app);
  const connectionId = await createConnection(setup.admin, { currencies: ['CHF', 'EUR'] });
  const recognised = await setup.admin.put(`/api/v1/connections/${connectionId}/payout-recognition`, { patterns: ['Worldline'] });
  expect(recognised.status, recognised.text).toBe(200);
  const invoices: InvoiceView[] = [];
  for (let i = 0; i < count; i++) {
    const draft = await createDraftInvoice(setup.accountant, setup.contactId, { currency });
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`, currency === 'EUR' ? { exchangeRate: '0.9412' } : undefined);
    expect(sent.status, sent.text).toBe(200);
    await returnTo(app, await act(app, await choose(app, new URL(sent.body.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
    invoices.push(sent.body);
  }
  const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
  return { ...setup, app, bookkeeper, invoices };
}

const payoutFile = (account: string, currency: string, amount: number, ref: string) =>
  camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: account, CURRENCY: currency, AMOUNT: formatMinor(amount, currency), DATE: today, REF: ref });

const linesOf = (entry: EntryView) => entry.lines.map((l) => [l.account, l.debit, l.credit, l.debitChf, l.creditChf]);

describe('a provider payout', () => {
  it('clears three card payments from 1029, the fee residual on 6940', async () => {
    const flow = await cardPayments(4, 'CHF');
    const total = flow.invoices[0]!.total;
    const before = await expectBooksExplained(flow.bookkeeper);
    expect(before.view.groups[0]!.items).toHaveLength(4);
    expect(before.view.groups[0]!.items[0]!.ageDays).toBe(0);

    const payout = 3 * total - 11_400;
    const imported = await postStatement(flow.bookkeeper, payoutFile('CH9300762011623852957', 'CHF', payout, 'PAYOUT-1'));
    expect(imported.status, imported.text).toBe(201);
    const [line] = imported.body.statements[0]!.entries;
    expect(line!.status).toBe('payout_proposed');
    expect(line!.note).toMatch(/"Worldline" appears in the payer or text/);

    const proposals = await flow.bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals');
    const [proposal] = proposals.body.items;
    expect(proposal).toMatchObject({ itemsTotal: 3 * total, payoutAmount: payout, status: 'open' });
    expect(proposal!.attemptIds).toHaveLength(3);
    expect(proposal!.reason).toMatch(/3 open CHF item\(s\) .* oldest first/);
    expect(proposal!.reason).toMatch(/CHF 114\.00 fees/);

    // The accountant may not; the bookkeeper accepts as proposed.
    expect((await flow.accountant.post(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`)).status).toBe(403);
    const accepted = await flow.bookkeeper.post<{ journalEntryId: string; fees: number; fxEntryId: string | null }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ fees: 11_400, fxEntryId: null });
    const entry = await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.journalEntryId}`);
    expect(entry.body.source).toBe('payout');
    expect(linesOf(entry.body)).toEqual([
      ['1020', payout, 0, payout, 0],
      ['6940', 11_400, 0, 11_400, 0],
      ['1029', 0, 3 * total, 0, 3 * total],
    ]);
    // Accepted once; the fourth payment stays open, and 1029 is exactly it.
    expect((await flow.bookkeeper.post(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`)).status).toBe(409);
    const after = await expectBooksExplained(flow.bookkeeper);
    expect(after.view.groups.flatMap((g) => g.items)).toHaveLength(1);
    expect(balanceOf(after.trial, '1029')).toBe(total);
    expect(balanceOf(after.trial, '6940')).toBe(11_400);

    const csv = await flow.app.app.request('/api/v1/reconciliation/system-account?format=csv', { headers: { Authorization: `Bearer ${flow.tenant.keys.bookkeeper}` } });
    expect(csv.headers.get('Content-Type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('Payment service;Provider;Currency')).toBe(true);
    expect(text).toContain(`;${formatMinor(total, 'CHF')};${formatMinor(total, 'CHF')}\r\n`);

    // The reports: fees per payment service and month, and the trial balance, as CSV.
    const month = today.slice(0, 7);
    const fees = await flow.bookkeeper.get('/api/v1/reports/fees.csv');
    expect(fees.status).toBe(200);
    expect(fees.text).toBe(`Month;Payment service;Provider;Currency;Fees;Fees CHF\r\n${month};Saferpay sandbox;saferpay;CHF;114.00;114.00\r\n`);
    const trialCsv = await flow.bookkeeper.get('/api/v1/reports/trial-balance.csv?date=2099-12-31');
    expect(trialCsv.text).toContain(`1029;Bank – system account;${formatMinor(4 * total, 'CHF')};${formatMinor(3 * total, 'CHF')};${formatMinor(total, 'CHF')}\r\n`);
    expect(trialCsv.text).toContain('6940;Bank charges;114.00;0.00;114.00\r\n');
  });

  it('settles fees the bookkeeper booked by hand instead of booking them again, a big one part by part', async () => {
    const flow = await cardPayments(2, 'CHF');
    const total = flow.invoices[0]!.total;
    const fee = (amount: number) =>
      flow.bookkeeper.post('/api/v1/journal/manual-entries', {
        date: today,
        text: 'Saferpay fee',
        currency: 'CHF',
        lines: [
          { account: '6940', debit: amount },
          { account: '1029', credit: amount },
        ],
      });
    const small = await fee(340);
    expect(small.status).toBe(201);
    expect((await fee(99_999)).status).toBe(201);
    // Fees booked by hand are open items of 1029 too, so the balance is explained.
    const before = await expectBooksExplained(flow.bookkeeper);
    expect(before.view.feesBooked.map((f) => f.amount)).toEqual([-340, -99_999]);

    const payout = total - 340;
    const imported = await postStatement(flow.bookkeeper, payoutFile('CH9300762011623852957', 'CHF', payout, 'PAYOUT-FEE'));
    expect(imported.status, imported.text).toBe(201);
    const proposals = await flow.bookkeeper.get<{ items: (Proposal & { feeEntryIds: string[] })[] }>('/api/v1/reconciliation/proposals');
    const [proposal] = proposals.body.items;
    expect(proposal!.reason).toMatch(/CHF 3\.40 fees booked by hand already/);
    expect(proposal!.reason).toMatch(/and CHF 0\.00 fees\.$/);
    expect(proposal!.feeEntryIds).toHaveLength(1);
    // The second payout's residual (CHF 12.00) takes part of the big fee instead of booking 6940 again.

    const accepted = await flow.bookkeeper.post<{ journalEntryId: string; fees: number }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.fees).toBe(0);
    const entry = await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.journalEntryId}`);
    expect(linesOf(entry.body)).toEqual([
      ['1020', payout, 0, payout, 0],
      ['1029', 0, payout, 0, payout],
    ]);
    // Settled by the payout, the fee can no longer be reversed alone: 1029 would be left unexplained.
    const reversal = await flow.bookkeeper.post<{ detail: string }>(`/api/v1/journal/entries/${(small.body as { id: string }).id}/reverse`, {});
    expect(reversal.status, reversal.text).toBe(409);
    expect(reversal.body.detail).toMatch(/A payout has settled this fee/);
    const after = await expectBooksExplained(flow.bookkeeper);
    // The fee is on 6940 once; the first payment is cleared; the big fee waits for other payouts.
    expect(balanceOf(after.trial, '6940')).toBe(340 + 99_999);
    expect(after.view.feesBooked.map((f) => f.amount)).toEqual([-99_999]);
    expect(balanceOf(after.trial, '1029')).toBe(total - 99_999);

    const second = await postStatement(flow.bookkeeper, payoutFile('CH9300762011623852957', 'CHF', total - 1200, 'PAYOUT-FEE-2'));
    expect(second.status, second.text).toBe(201);
    const open = await flow.bookkeeper.get<{ items: (Proposal & { feeEntryIds: string[] })[] }>('/api/v1/reconciliation/proposals');
    const next = open.body.items.find((p) => p.status === 'open' && p.payoutAmount === total - 1200)!;
    const settled = await flow.bookkeeper.post<{ fees: number; feesEnteredBefore: number }>(`/api/v1/reconciliation/proposals/${next.id}/accept`);
    expect(settled.body).toMatchObject({ fees: 0, feesEnteredBefore: 1200 });
    const end = await expectBooksExplained(flow.bookkeeper);
    expect(balanceOf(end.trial, '6940')).toBe(340 + 99_999);
    expect(end.view.feesBooked.map((f) => f.amount)).toEqual([-(99_999 - 1200)]);
    expect(balanceOf(end.trial, '1029')).toBe(-(99_999 - 1200));
  });

  it('lets the bookkeeper remove an item before accepting', async () => {
    const flow = await cardPayments(3, 'CHF');
    const total = flow.invoices[0]!.total;
    await postStatement(flow.bookkeeper, payoutFile('CH9300762011623852957', 'CHF', 2 * total - 5_000, 'PAYOUT-2'));
    const [proposal] = (await flow.bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals')).body.items;
    expect(proposal!.attemptIds).toHaveLength(2);
    const tooFew = await flow.bookkeeper.post(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`, { remove: [proposal!.attemptIds[0]] });
    expect(tooFew.status).toBe(422);
    const view = (await flow.bookkeeper.get<SystemAccountView>('/api/v1/reconciliation/system-account')).body;
    const third = view.groups[0]!.items.map((i) => i.attemptId).find((id) => !proposal!.attemptIds.includes(id))!;
    const swapped = await flow.bookkeeper.post<{ proposal: Proposal }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`, { remove: [proposal!.attemptIds[0]], add: [third] });
    expect(swapped.status, swapped.text).toBe(200);
    expect(swapped.body.proposal.attemptIds.sort()).toEqual([proposal!.attemptIds[1], third].sort());
    const after = await expectBooksExplained(flow.bookkeeper);
    expect(after.view.groups[0]!.items.map((i) => i.attemptId)).toEqual([proposal!.attemptIds[0]]);
  });

  it('in EUR books the fees in EUR on 6940 and the exchange difference on 6960', async () => {
    const flow = await cardPayments(2, 'EUR');
    const total = flow.invoices[0]!.total;
    expect((await flow.admin.put('/api/v1/bank-accounts', { iban: eurAccount, ledgerAccount: '1020', label: 'EUR account' })).status).toBe(200);
    const payout = 2 * total - 7_000;
    await postStatement(flow.bookkeeper, payoutFile(eurAccount, 'EUR', payout, 'PAYOUT-EUR'));
    const [proposal] = (await flow.bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals')).body.items;
    expect(proposal).toMatchObject({ itemsTotal: 2 * total, payoutAmount: payout });
    const before = await expectBooksExplained(flow.bookkeeper);
    const itemsChf = balanceOf(before.trial, '1029');

    const accepted = await flow.bookkeeper.post<{ journalEntryId: string; fxEntryId: string }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`, { rate: '0.95' });
    expect(accepted.status, accepted.text).toBe(200);
    const payoutEntry = (await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.journalEntryId}`)).body;
    expect(payoutEntry.currency).toBe('EUR');
    expect(payoutEntry.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1020', payout, 0],
      ['6940', 7_000, 0],
      ['1029', 0, 2 * total],
    ]);
    const grossChf = payoutEntry.lines.find((l) => l.account === '1029')!.creditChf;
    const fx = (await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.fxEntryId}`)).body;
    // EUR rose from 0.9412 to 0.95: the items are worth more than booked, a gain on 6960.
    expect(grossChf).toBeGreaterThan(itemsChf);
    expect(linesOf(fx)).toEqual([
      ['6960', 0, grossChf - itemsChf, 0, grossChf - itemsChf],
      ['1029', grossChf - itemsChf, 0, grossChf - itemsChf, 0],
    ]);
    const after = await expectBooksExplained(flow.bookkeeper);
    expect(balanceOf(after.trial, '1029')).toBe(0);
  });

  it('in EUR without a rate given is booked at the newest EUR rate the journal knows', async () => {
    const flow = await cardPayments(1, 'EUR');
    expect((await flow.admin.put('/api/v1/bank-accounts', { iban: eurAccount })).status).toBe(200);
    await postStatement(flow.bookkeeper, payoutFile(eurAccount, 'EUR', flow.invoices[0]!.total - 100, 'PAYOUT-EUR-2'));
    const [proposal] = (await flow.bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals')).body.items;
    // The journal knows 0.9412 from the invoice: that is used when no rate is given.
    const accepted = await flow.bookkeeper.post(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.status, accepted.text).toBe(200);
    await expectBooksExplained(flow.bookkeeper);
  });

  it('takes a fee entered by hand before into its residual instead of booking it twice, in CHF and in EUR', async () => {
    for (const currency of ['CHF', 'EUR'] as const) {
      const flow = await cardPayments(2, currency);
      const account = currency === 'EUR' ? eurAccount : 'CH9300762011623852957';
      if (currency === 'EUR') expect((await flow.admin.put('/api/v1/bank-accounts', { iban: eurAccount })).status).toBe(200);
      const total = flow.invoices[0]!.total;
      // The settlement report's fee (CHF 2.50 or EUR 2.50) entered by hand: 6940 / 1029.
      const fee = await flow.bookkeeper.post('/api/v1/journal/manual-entries', {
        date: today, text: 'Saferpay fees', currency, ...(currency === 'EUR' ? { rate: '0.93' } : {}),
        lines: [{ account: '6940', debit: 250 }, { account: '1029', credit: 250 }],
      });
      expect(fee.status, fee.text).toBe(201);
      await postStatement(flow.bookkeeper, payoutFile(account, currency, 2 * total - 700, `PAYOUT-FEE-${currency}`));
      const [proposal] = (await flow.bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals')).body.items;
      const accepted = await flow.bookkeeper.post<{ journalEntryId: string; fees: number; feesEnteredBefore: number }>(
        `/api/v1/reconciliation/proposals/${proposal!.id}/accept`,
        currency === 'EUR' ? { rate: '0.95' } : undefined,
      );
      expect(accepted.status, accepted.text).toBe(200);
      expect(accepted.body).toMatchObject({ fees: 450, feesEnteredBefore: 250 });
      const entry = (await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.journalEntryId}`)).body;
      expect(entry.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
        ['1020', 2 * total - 700, 0],
        ['6940', 450, 0],
        ['1029', 0, 2 * total - 250],
      ]);
      // 1029 is cleared in CHF too: the fee's CHF value left it with the fee, the rest through 6960.
      const after = await expectBooksExplained(flow.bookkeeper);
      expect(balanceOf(after.trial, '1029')).toBe(0);
    }
  });
});

describe('an unmatched bank line', () => {
  it('is booked by hand against one account, with the checks of a manual entry, once', async () => {
    const flow = await cardPayments(0, 'CHF');
    const imported = await postStatement(flow.bookkeeper, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: 'CH9300762011623852957' }));
    const debit = imported.body.statements[0]!.entries.find((e) => e.direction === 'debit')!;
    const unknown = await flow.bookkeeper.post<{ code: string; errors: { field: string }[] }>(`/api/v1/reconciliation/entries/${debit.id}/book`, { account: '9999' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('account_unknown');
    const booked = await flow.bookkeeper.post<{ status: string; journalEntryId: string }>(`/api/v1/reconciliation/entries/${debit.id}/book`, { account: '6940', text: 'Swisscom Internet November' });
    expect(booked.status, booked.text).toBe(200);
    expect(booked.body.status).toBe('booked');
    const entry = (await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${booked.body.journalEntryId}`)).body;
    expect(entry.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1020', 0, 4550],
      ['6940', 4550, 0],
    ]);
    expect((await flow.bookkeeper.post(`/api/v1/reconciliation/entries/${debit.id}/book`, { account: '6940' })).status).toBe(409);
    await expectBooksExplained(flow.bookkeeper);
  });
});
