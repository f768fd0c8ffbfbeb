// Reconciliation in the back office, the bookkeeper's month-end: the card payment open on
// 1029, a statement uploaded as a file (larger than the office's usual body limit), the
// payout's proposal with its reason and fee accepted, 1029 cleared, an unmatched line booked
// by hand, the lists that should be empty, and the period lock.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bankEntries, journalEntries, tenants } from '../../src/db/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { camtFixture, expectBooksExplained } from '../helpers/bank-statements.js';
import { booksWithCardPayments, payoutStatement, signedIn, swissDay } from '../helpers/office-books.js';

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});

const upload = (xml: string, name = 'statement.xml') => {
  const form = new FormData();
  form.append('statement', new File([xml], name, { type: 'application/xml' }));
  return form;
};

describe('reconciliation in the back office', () => {
  it('shows an accountant the missing permission reconciliation:manage', async () => {
    const books = await booksWithCardPayments(test, 0);
    const accountant = await signedIn(test, books.tenant.userIds.accountant);
    const page = await accountant.get('/office/reconciliation');
    expect(page.status).toBe(403);
    expect(page.text).toContain('reconciliation:manage');
    expect(page.text).toMatch(/admin.*bookkeeper/s);
  });

  it('clears 1029 from a payout on an uploaded statement, the fee residual on 6940', async () => {
    const books = await booksWithCardPayments(test, 2);
    const office = await signedIn(test, books.tenant.userIds.bookkeeper);
    const total = books.invoices[0]!.total;
    const before = await office.get('/office/reconciliation');
    expect(before.status).toBe(200);
    expect(before.text).toContain(books.invoices[0]!.number);
    expect(before.text).toContain('Der Saldo entspricht den offenen Posten.');
    // Nothing captured and unbooked, nothing overdue: both lists say they are empty.
    expect(before.text.match(/Leer, wie es sein soll\./g)).toHaveLength(2);

    // A month's statement runs past the 64 KiB of the office's other forms.
    const padding = `<!-- ${'e-banking export '.repeat(6000)} -->`;
    const xml = payoutStatement(2 * total - 380, 'PAYOUT-OFFICE-1').replace('<Document', `${padding}\n<Document`);
    expect(xml.length).toBeGreaterThan(64 * 1024);
    const imported = await office.postMultipart('/office/reconciliation/statements', upload(xml));
    expect(imported.status, imported.text.slice(0, 300)).toBe(303);
    const lines = await office.get(imported.location!);
    expect(lines.text).toContain('1 neue Zeile(n), 0 bereits früher eingelesen.');
    expect(lines.text).toContain('Auszahlung vorgeschlagen');

    const proposals = await office.get('/office/reconciliation/proposals');
    expect(proposals.text).toMatch(/2 open CHF item\(s\)/);
    expect(proposals.text).toContain('CHF 3.80');
    const proposalId = /action="\/office\/reconciliation\/proposals\/([0-9a-f-]{36})\/accept"/.exec(proposals.text)![1]!;
    const attemptIds = [...proposals.text.matchAll(/name="items" value="([0-9a-f-]{36})" checked=""/g)].map((m) => m[1]!);
    expect(attemptIds).toHaveLength(2);

    // Leaving a payment out makes the payments less than the payout: said next to the list.
    const tooFew = await office.post(`/office/reconciliation/proposals/${proposalId}/accept`, { items: [attemptIds[0]!] });
    expect(tooFew.status).toBe(422);
    expect(tooFew.text).toContain('weniger als die Auszahlung');

    const accepted = await office.post(`/office/reconciliation/proposals/${proposalId}/accept`, { items: attemptIds });
    expect(accepted.status).toBe(303);
    const after = await office.get(accepted.location!);
    expect(after.text).toContain('Die Auszahlung ist gebucht');
    expect(after.text).toMatch(/Keine offenen Posten/);
    const { trial } = await expectBooksExplained(books.bookkeeper);
    expect(trial.accounts.find((row) => row.account === '1029')?.balanceChf).toBe(0);
    expect(trial.accounts.find((row) => row.account === '6940')?.balanceChf).toBe(380);
    // The same file again adds nothing.
    const again = await office.postMultipart('/office/reconciliation/statements', upload(xml));
    expect((await office.get(again.location!)).text).toContain('0 neue Zeile(n), 1 bereits früher eingelesen.');
  });

  it('does not book a fee twice: entered by hand from the settlement report, then the payout clears 1029 to zero', async () => {
    const books = await booksWithCardPayments(test, 1);
    const office = await signedIn(test, books.tenant.userIds.bookkeeper);
    const total = books.invoices[0]!.total;
    const form = await office.get('/office/journal/new?preset=fee');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
    const fee = await office.post('/office/journal/new', {
      idempotencyKey: key, date: swissDay().split('-').reverse().join('.'), currency: 'CHF', text: 'Saferpay-Gebühren',
      'lines.0.account': '6940', 'lines.0.debit': '3.80', 'lines.1.account': '1029', 'lines.1.credit': '3.80', action: 'book',
    });
    expect(fee.status).toBe(303);
    const before = (await office.get('/office/reconciliation')).text;
    expect(before).toContain('Der Saldo entspricht den offenen Posten.');
    expect(before).toContain('Darin CHF 3.80 von Hand gebuchte Gebühren');

    await office.postMultipart('/office/reconciliation/statements', upload(payoutStatement(total - 380, 'PAYOUT-AFTER-FEE')));
    const proposals = await office.get('/office/reconciliation/proposals');
    const proposalId = /action="\/office\/reconciliation\/proposals\/([0-9a-f-]{36})\/accept"/.exec(proposals.text)![1]!;
    const attemptIds = [...proposals.text.matchAll(/name="items" value="([0-9a-f-]{36})" checked=""/g)].map((m) => m[1]!);
    expect((await office.post(`/office/reconciliation/proposals/${proposalId}/accept`, { items: attemptIds })).status).toBe(303);

    const { trial } = await expectBooksExplained(books.bookkeeper);
    expect(trial.accounts.find((row) => row.account === '1029')?.balanceChf).toBe(0);
    expect(trial.accounts.find((row) => row.account === '6940')?.balanceChf).toBe(380);
    const after = (await office.get('/office/reconciliation')).text;
    expect(after).toContain('Der Saldo entspricht den offenen Posten.');
    expect(after).not.toContain('von Hand gebuchte Gebühren');
  });

  it('says next to the file field what is wrong with a file', async () => {
    const books = await booksWithCardPayments(test, 0);
    const office = await signedIn(test, books.tenant.userIds.bookkeeper);
    await office.get('/office/reconciliation/statements');
    const notCamt = await office.postMultipart('/office/reconciliation/statements', upload('<hello/>'));
    expect(notCamt.status).toBe(422);
    expect(notCamt.text).toMatch(/id="field-statement-error">Die Datei ist kein camt/);
    const otherAccount = await office.postMultipart('/office/reconciliation/statements', upload(payoutStatement(1000, 'X-1', 'CH5604835012345678009')));
    expect(otherAccount.status).toBe(422);
    expect(otherAccount.text).toContain('CH5604835012345678009');
    const none = await office.postMultipart('/office/reconciliation/statements', new FormData());
    expect(none.status).toBe(422);
  });

  it('books an unmatched line against the account chosen, once', async () => {
    const books = await booksWithCardPayments(test, 0);
    const office = await signedIn(test, books.tenant.userIds.bookkeeper);
    await office.get('/office/reconciliation/statements');
    const imported = await office.postMultipart('/office/reconciliation/statements', upload(camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: 'CH93 0076 2011 6238 5295 7' })));
    expect(imported.status).toBe(303);
    const queue = await office.get('/office/reconciliation/statements?status=unmatched');
    const [debit] = await test.database.db.select().from(bankEntries).where(and(eq(bankEntries.tenantId, books.tenant.tenantId), eq(bankEntries.direction, 'debit')));
    expect(queue.text).toContain(`action="/office/reconciliation/lines/${debit!.id}/book"`);
    const bank = await office.post(`/office/reconciliation/lines/${debit!.id}/book`, { account: '1020', text: '' });
    expect(bank.status).toBe(422);
    const booked = await office.post(`/office/reconciliation/lines/${debit!.id}/book`, { account: '6940', text: 'Kontoführung November' });
    expect(booked.status).toBe(303);
    const [line] = await test.database.db.select().from(bankEntries).where(eq(bankEntries.id, debit!.id));
    expect(line!.status).toBe('booked');
    const [entry] = await test.database.db.select().from(journalEntries).where(eq(journalEntries.id, line!.journalEntryId!));
    expect(entry!.text).toBe('Kontoführung November');
    expect((await office.post(`/office/reconciliation/lines/${debit!.id}/book`, { account: '6940' })).status).toBe(409);
  });

  it('closes the period forward only, with the API’s service', async () => {
    const books = await booksWithCardPayments(test, 0);
    const office = await signedIn(test, books.tenant.userIds.bookkeeper);
    await office.get('/office/reconciliation');
    const locked = await office.post('/office/reconciliation/period-lock', { until: '31.10.2026' });
    expect(locked.status).toBe(303);
    expect((await office.get(locked.location!)).text).toContain('Die Buchhaltung ist bis 31.10.2026 abgeschlossen.');
    const [tenant] = await test.database.db.select().from(tenants).where(eq(tenants.id, books.tenant.tenantId));
    expect(tenant!.booksClosedUntil).toBe('2026-10-31');
    const back = await office.post('/office/reconciliation/period-lock', { until: '30.09.2026' });
    expect(back.status).toBe(409);
    expect(back.text).toMatch(/field-until-error">Die Buchhaltung ist bereits bis 31\.10\.2026/);
    const nonsense = await office.post('/office/reconciliation/period-lock', { until: '31.02.2026' });
    expect(nonsense.status).toBe(422);
  });

  it('shows a long statement 200 lines a page, older lines behind a link, each line once', async () => {
    const books = await booksWithCardPayments(test, 0);
    const office = await signedIn(test, books.tenant.userIds.bookkeeper);
    // One statement of 205 small credits without a reference: all stay in the unmatched queue.
    const template = payoutStatement(100, 'LONG-1');
    const entry = /<Ntry>[\s\S]*<\/Ntry>/.exec(template)![0];
    const entries = Array.from({ length: 205 }, (_, i) =>
      entry.replaceAll('LONG-1', `LONG-1-${i}`).replace('Worldline Schweiz AG', `Kunde ${i}`).replace(/<EndToEndId>[^<]*<\/EndToEndId>/, ''),
    );
    const xml = template.replace(entry, entries.join('\n')).replace(/(<Cd>CLBD<\/Cd>[\s\S]*?<Amt Ccy="CHF">)[^<]*/, '$1205.00');
    const imported = await office.postMultipart('/office/reconciliation/statements', upload(xml));
    expect(imported.status, imported.text.slice(0, 300)).toBe(303);

    const ids = (html: string) => [...html.matchAll(/<tr id="line-([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const first = await office.get('/office/reconciliation/statements?status=unmatched');
    expect(ids(first.text)).toHaveLength(200);
    expect(first.text).not.toContain('Neueste Zeilen');
    const older = /<a href="([^"]+)" rel="next">Ältere Zeilen<\/a>/.exec(first.text)?.[1];
    expect(older).toBeDefined();
    const second = await office.get(older!.replaceAll('&amp;', '&'));
    expect(second.status).toBe(200);
    expect(ids(second.text)).toHaveLength(5);
    expect(second.text).toContain('Neueste Zeilen');
    expect(second.text).not.toContain('Ältere Zeilen');
    expect(new Set([...ids(first.text), ...ids(second.text)]).size).toBe(205);
  });
});
