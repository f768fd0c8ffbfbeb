// The journal in the back office, as a bookkeeper uses it: the card payment's booking on
// 1029 and what caused it, filters and pages, a fee typed as people type it and booked once,
// errors next to their fields, a reversal with its reason, the trial balance, an account's
// statement and the CSV exports. An accountant is shown which permission is missing.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { journalEntries, tenants } from '../../src/db/schema.js';
import { postManualEntry } from '../../src/services/post-manual-entry.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { booksWithCardPayments, signedIn, swissDay } from '../helpers/office-books.js';

let test: TestApp;
let books: Awaited<ReturnType<typeof booksWithCardPayments>>;
let office: Awaited<ReturnType<typeof signedIn>>;

const swiss = (iso: string) => iso.split('-').reverse().join('.');
const entriesOf = (tenantId: string) => test.database.db.select().from(journalEntries).where(eq(journalEntries.tenantId, tenantId));
/** The entry ids a journal page links to, in the order shown. */
const linkedEntries = (html: string) => [...new Set([...html.matchAll(/href="\/office\/journal\/entries\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];

beforeAll(async () => {
  test = await createTestApp();
  books = await booksWithCardPayments(test);
  office = await signedIn(test, books.tenant.userIds.bookkeeper);
});

describe('the journal in the back office', () => {
  it('shows an accountant the missing permission journal:read and the roles that have it', async () => {
    const accountant = await signedIn(test, books.tenant.userIds.accountant);
    const page = await accountant.get('/office/journal');
    expect(page.status).toBe(403);
    expect(page.text).toContain('journal:read');
    expect(page.text).toMatch(/admin.*bookkeeper/s);
    expect((await accountant.get('/office/journal/new')).status).toBe(403);
  });

  it('lists the card payment on 1029 newest first, and its entry says what caused it', async () => {
    const page = await office.get('/office/journal?account=1029');
    expect(page.status).toBe(200);
    const [paymentId] = linkedEntries(page.text);
    const entry = await office.get(`/office/journal/entries/${paymentId}`);
    expect(entry.status).toBe(200);
    expect(entry.text).toMatch(/1029<\/a> Bank – system account/);
    expect(entry.text).toContain(`/office/invoices/${books.invoices[0]!.id}`);
    expect(entry.text).toContain(books.invoices[0]!.number);
    // The attempt and the provider's answers behind it.
    expect(entry.text).toMatch(/Zahlungsversuch bei Saferpay: Karte, eingezogen/);
    expect(entry.text).toMatch(/Status vom Zahlungsdienst bestätigt \(AUTHORIZED\)/);
    // The whole journal, newest first: the payment above the invoice's receivable.
    const all = linkedEntries((await office.get('/office/journal')).text);
    expect(all.indexOf(paymentId!)).toBeLessThan(all.length - 1);
    const sourceFiltered = await office.get('/office/journal?source=invoice');
    expect(linkedEntries(sourceFiltered.text)).not.toContain(paymentId);
  });

  it('answers 404 for an entry of another company, and reverses nothing there', async () => {
    const other = await booksWithCardPayments(test, 1);
    const [theirs] = await entriesOf(other.tenant.tenantId);
    expect((await office.get(`/office/journal/entries/${theirs!.id}`)).status).toBe(404);
    expect((await office.get(`/office/journal/entries/${theirs!.id}/reverse`)).status).toBe(404);
    await office.get('/office/journal');
    expect((await office.post(`/office/journal/entries/${theirs!.id}/reverse`, { reason: 'not mine', date: '15.01.2026' })).status).toBe(404);
    expect((await office.get('/office/journal/entries/not-an-id')).status).toBe(404);
    const reversals = await test.database.db.select().from(journalEntries).where(eq(journalEntries.reversesEntryId, theirs!.id));
    expect(reversals).toHaveLength(0);
  });

  it('pages by a cursor: the older page follows on without repeating or skipping an entry', async () => {
    const other = await booksWithCardPayments(test, 0);
    const ctx = { db: test.deps.db, tenantId: other.tenant.tenantId, userId: other.tenant.userIds.bookkeeper, now: () => new Date() };
    for (let i = 0; i < 56; i++) {
      await postManualEntry({ ctx, input: { date: '2026-01-15', text: `Correction ${i}`, currency: 'CHF', lines: [{ account: '6940', debit: 100 + i }, { account: '1020', credit: 100 + i }] } });
    }
    const visitor = await signedIn(test, other.tenant.userIds.bookkeeper);
    const first = await visitor.get('/office/journal?text=Correction');
    const firstIds = linkedEntries(first.text);
    expect(firstIds).toHaveLength(50);
    expect(first.text).toContain('Correction 55');
    const next = /href="(\/office\/journal\?[^"]*after=[^"]+)"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
    const second = await visitor.get(next);
    const secondIds = linkedEntries(second.text);
    expect(secondIds).toHaveLength(6);
    expect(second.text).toContain('Correction 0<');
    expect(new Set([...firstIds, ...secondIds]).size).toBe(56);
    expect(second.text).not.toMatch(/after=/);
  });

  it('books a provider fee typed as 1’234.50 once, even when the form is sent twice', async () => {
    const form = await office.get('/office/journal/new?preset=fee');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<option value="6940" selected="">/);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
    const fields = {
      idempotencyKey: key,
      date: swiss(swissDay()),
      currency: 'CHF',
      rate: '',
      text: 'Saferpay fees',
      reference: '',
      'lines.0.account': '6940',
      'lines.0.debit': "1'234.50",
      'lines.0.credit': '',
      'lines.1.account': '1029',
      'lines.1.debit': '',
      'lines.1.credit': '1’234.50',
      action: 'book',
    };
    const before = (await entriesOf(books.tenant.tenantId)).length;
    const booked = await office.post('/office/journal/new', fields);
    expect(booked.status).toBe(303);
    const again = await office.post('/office/journal/new', fields);
    expect(again.location).toBe(booked.location);
    expect((await entriesOf(books.tenant.tenantId)).length).toBe(before + 1);
    const entry = await office.get(booked.location!);
    expect(entry.text).toContain('CHF 1’234.50');
    expect(entry.text).toContain('Die Buchung ist erfasst.');
  });

  it('keeps the input and names the problem next to its field: unbalanced, unknown account, closed period', async () => {
    const base = { idempotencyKey: crypto.randomUUID(), date: '15.01.2026', currency: 'CHF', text: 'Correction', 'lines.0.account': '6940', 'lines.0.debit': '10.00', 'lines.1.account': '1029', 'lines.1.credit': '9.50', action: 'book' };
    const unbalanced = await office.post('/office/journal/new', base);
    expect(unbalanced.status).toBe(422);
    expect(unbalanced.text).toContain('Soll und Haben unterscheiden sich um CHF 0.50');
    expect(unbalanced.text).toContain('value="9.50"');
    const unknown = await office.post('/office/journal/new', { ...base, 'lines.1.credit': '10', 'lines.1.account': '9999' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toMatch(/field-lines-1-account-error">Das Konto 9999/);
    const badAmount = await office.post('/office/journal/new', { ...base, 'lines.1.credit': 'ten' });
    expect(badAmount.status).toBe(422);
    expect(badAmount.text).toContain('id="field-lines-1-credit-error"');
    await test.database.db.update(tenants).set({ booksClosedUntil: '2026-01-31' }).where(eq(tenants.id, books.tenant.tenantId));
    try {
      const closed = await office.post('/office/journal/new', { ...base, 'lines.1.credit': '10' });
      expect(closed.status).toBe(422);
      expect(closed.text).toMatch(/field-date-error">[^<]*31\.01\.2026/);
    } finally {
      await test.database.db.update(tenants).set({ booksClosedUntil: null }).where(eq(tenants.id, books.tenant.tenantId));
    }
  });

  it('adds and removes lines without script, keeping what was typed', async () => {
    const base = { idempotencyKey: crypto.randomUUID(), date: '15.01.2026', currency: 'CHF', text: 'Split', 'lines.0.account': '6940', 'lines.0.debit': '10.00', 'lines.1.account': '1029', 'lines.1.credit': '10.00' };
    const added = await office.post('/office/journal/new', { ...base, action: 'add' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="lines.2.account"');
    expect(added.text).toContain('value="Split"');
    const removed = await office.post('/office/journal/new', { ...base, 'lines.2.account': '', action: 'remove:0' });
    expect(removed.text).not.toContain('name="lines.2.account"');
    expect(removed.text).toMatch(/name="lines.0.account"><option value="">[^]*?<option value="1029" selected="">/);
    expect(removed.text).toContain('name="lines.0.credit" type="text" value="10.00"');
  });

  it('reverses an entry after asking the reason, once', async () => {
    const ctx = { db: test.deps.db, tenantId: books.tenant.tenantId, userId: books.tenant.userIds.bookkeeper, now: () => new Date() };
    const { entry } = await postManualEntry({ ctx, input: { date: swissDay(), text: 'Booked twice', currency: 'CHF', lines: [{ account: '6940', debit: 500 }, { account: '1029', credit: 500 }] } });
    const confirm = await office.get(`/office/journal/entries/${entry.id}/reverse`);
    expect(confirm.status).toBe(200);
    const noReason = await office.post(`/office/journal/entries/${entry.id}/reverse`, { reason: '', date: swiss(swissDay()) });
    expect(noReason.status).toBe(422);
    const reversed = await office.post(`/office/journal/entries/${entry.id}/reverse`, { reason: 'Fee entered twice', date: swiss(swissDay()) });
    expect(reversed.status).toBe(303);
    const reversal = await office.get(reversed.location!);
    expect(reversal.text).toContain('Fee entered twice');
    expect(reversal.text).toContain(`/office/journal/entries/${entry.id}`);
    const [row] = await test.database.db.select().from(journalEntries).where(and(eq(journalEntries.tenantId, books.tenant.tenantId), eq(journalEntries.reversesEntryId, entry.id)));
    expect(row?.source).toBe('reversal');
    const original = await office.get(`/office/journal/entries/${entry.id}`);
    expect(original.text).not.toContain(`/office/journal/entries/${entry.id}/reverse`);
    // Sent twice, the confirmation reverses once.
    const twice = await office.post(`/office/journal/entries/${entry.id}/reverse`, { reason: 'Fee entered twice', date: swiss(swissDay()) });
    expect(twice.location).toBe(reversed.location);
    const reversals = await test.database.db.select().from(journalEntries).where(eq(journalEntries.reversesEntryId, entry.id));
    expect(reversals).toHaveLength(1);
  });

  it('shows the trial balance, an account statement with its running balance, and the CSV exports', async () => {
    const total = books.invoices[0]!.total;
    const trial = await office.get('/office/journal/trial-balance?date=31.12.2099');
    expect(trial.status).toBe(200);
    expect(trial.text).toContain('Soll und Haben stimmen überein.');
    const statement = await office.get('/office/journal/account-statement?account=1100');
    expect(statement.status).toBe(200);
    // Debtors: the receivable, then the payment: back to zero.
    expect(statement.text.match(/class="money">CHF [^<]+</g)).toEqual(
      expect.arrayContaining([`class="money">CHF ${(total / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, '’')}<`]),
    );
    expect(statement.text).toMatch(/Saldo nach diesen Zeilen<\/th>\s*<td class="num"><span class="money">CHF 0.00</);
    const csv = await test.app.request('/office/journal/export.csv?account=1029', { headers: { Cookie: [...office.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(csv.headers.get('Content-Type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toMatch(/^\uFEFF?Entry no;Date;Entry ID/);
    expect(text).toContain(';1029;Bank – system account;CHF;');
    const trialCsv = await office.get('/office/journal/trial-balance.csv?date=2099-12-31');
    expect(trialCsv.text).toContain('Account;Name;Debit CHF;Credit CHF;Balance CHF');
  });
});
