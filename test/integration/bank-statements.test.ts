// Bank statements in: camt.053 and camt.054 documents are read, stored line by line, refused
// with the element path when they are not what they claim, and never imported twice.
import { describe, expect, it } from 'vitest';
import { apiClient, createTestApp } from '../helpers/app.js';
import { camtFixture, expectBooksExplained, postStatement } from '../helpers/bank-statements.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const tenantIban = 'CH9300762011623852957';

async function bookkeeperOfNewTenant() {
  const app = await createTestApp();
  const setup = await invoicingTenant(app);
  return { ...setup, app, bookkeeper: apiClient(app.app, setup.tenant.keys.bookkeeper) };
}

describe('POST /api/v1/bank-statements', () => {
  it('stores a camt.053.001.04 statement with its entries and each transaction of a batch entry', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    const imported = await postStatement(bookkeeper, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: 'CH93 0076 2011 6238 5295 7' }));
    expect(imported.status, imported.text).toBe(201);
    const [statement] = imported.body.statements;
    expect(statement!.imported).toBe(5);
    expect(statement!.skipped.map((s) => s.path)).toEqual(['Document/BkToCstmrStmt/Stmt[1]/Ntry[4]']);
    const entries = statement!.entries.sort((a, b) => a.bookingDate.localeCompare(b.bookingDate) || a.detailIndex - b.detailIndex);
    expect(entries.map((e) => [e.bookingDate, e.direction, e.amount, e.detailIndex, e.detailCount])).toEqual([
      ['2026-11-03', 'credit', 15000, 0, 1],
      ['2026-11-05', 'debit', 4550, 0, 1],
      ['2026-11-10', 'credit', 10000, 0, 3],
      ['2026-11-10', 'credit', 20000, 1, 3],
      ['2026-11-10', 'credit', 30000, 2, 3],
    ]);
    expect(entries[0]).toMatchObject({
      acctSvcrRef: '20261103001234-1',
      endToEndId: 'E2E-HM-17',
      counterpartyName: 'Hans Muster',
      counterpartyIban: 'CH5604835012345678009',
      remittanceText: 'Rechnung 17 vom Oktober',
      status: 'unmatched',
    });
    expect(entries[1]).toMatchObject({ counterpartyName: 'Swisscom (Schweiz) AG', endToEndId: null });
    expect(entries[2]).toMatchObject({ reference: 'RF18539007547034', referenceType: 'SCOR' });
    expect(entries[4]).toMatchObject({ reference: '210000000003139471430009017', referenceType: 'QRR' });
    // Unknown references pay nothing: nothing is booked until a bookkeeper says so.
    expect(entries.every((e) => e.status === 'unmatched' && e.journalEntryId === null)).toBe(true);
    await expectBooksExplained(bookkeeper);
  });

  it('imports nothing twice: the same statement again, or the same entry in another file', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    const xml = camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban });
    expect((await postStatement(bookkeeper, xml)).status).toBe(201);
    const again = await postStatement(bookkeeper, xml);
    expect(again.status, again.text).toBe(200);
    expect(again.body.statements[0]).toMatchObject({ duplicate: true, imported: 0, alreadyImported: 5 });
    // The same bank entry (same AcctSvcrRef) in a statement with another id is not a new line.
    const renamed = xml.replace('<Id>STMT-2026-11</Id>', '<Id>STMT-2026-11-CORRECTED</Id>');
    const third = await postStatement(bookkeeper, renamed);
    expect(third.body.statements[0]).toMatchObject({ duplicate: false, imported: 0, alreadyImported: 5 });
    const listed = await bookkeeper.get<{ items: unknown[] }>('/api/v1/bank-statements/entries');
    expect(listed.body.items).toHaveLength(5);
    await expectBooksExplained(bookkeeper);
  });

  it('refuses a wrong namespace, naming it', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    const xml = camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban }).replace('xsd:camt.053.001.04"', 'xsd:camt.052.001.04"');
    const refused = await postStatement(bookkeeper, xml);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.code).toBe('statement_invalid');
    expect(refused.body.errors?.[0]?.field).toBe('Document/@xmlns');
  });

  it('refuses a document with an entity declaration before reading it', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    const xml = camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban }).replace(
      '<Document',
      '<!DOCTYPE Document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<Document',
    ).replace('Rechnung 17 vom Oktober', '&lol2;');
    const refused = await postStatement(bookkeeper, xml);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors?.[0]?.field).toBe('(prolog)');
    expect((await bookkeeper.get<{ items: unknown[] }>('/api/v1/bank-statements/entries')).body.items).toHaveLength(0);
  });

  it('refuses a statement for an account IBAN that is not one of the tenant’s bank accounts', async () => {
    const { bookkeeper, admin } = await bookkeeperOfNewTenant();
    const xml = camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: 'CH5604835012345678009' });
    const refused = await postStatement(bookkeeper, xml);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.code).toBe('bank_account_unknown');
    expect(refused.body.errors?.[0]?.field).toBe('Document/BkToCstmrStmt/Stmt[1]/Acct/Id/IBAN');
    // Once the admin adds it, the same file is welcome.
    expect((await admin.put('/api/v1/bank-accounts', { iban: 'CH56 0483 5012 3456 7800 9', ledgerAccount: '1020' })).status).toBe(200);
    expect((await postStatement(bookkeeper, xml)).status).toBe(201);
    await expectBooksExplained(bookkeeper);
  });

  it('says where a malformed file goes wrong', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    const base = camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban });
    const badAmount = await postStatement(bookkeeper, base.replace('<Amt Ccy="CHF">45.50</Amt>', '<Amt Ccy="CHF">45.505</Amt>'));
    expect(badAmount.status).toBe(422);
    expect(badAmount.body.errors?.[0]?.field).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt');
    const batch = await postStatement(bookkeeper, base.replace('<TtlAmt Ccy="CHF">600.00</TtlAmt></Btch>', '</Btch>').replace('<Amt Ccy="CHF">600.00</Amt>', '<Amt Ccy="CHF">610.00</Amt>'));
    expect(batch.status).toBe(422);
    expect(batch.body.errors?.[0]?.field).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt');
    const noDate = await postStatement(bookkeeper, base.replace('<BookgDt><Dt>2026-11-05</Dt></BookgDt>', ''));
    expect(noDate.body.errors?.[0]?.field).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/BookgDt');
    const broken = await postStatement(bookkeeper, base.replace('</Acct>', ''));
    expect(broken.status).toBe(422);
    expect(broken.body.detail).toMatch(/not well-formed/);
    const json = await postStatement(bookkeeper, base, 'application/json');
    expect(json.status).toBe(415);
  });

  it('takes files above the API’s 1 MiB up to 10 MiB, and refuses NUL bytes', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    const xml = camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban });
    const padded = xml.replace('<BkToCstmrStmt>', `<!-- ${'x'.repeat(2 * 1024 * 1024)} --><BkToCstmrStmt>`);
    expect((await postStatement(bookkeeper, padded)).status).toBe(201);
    const huge = xml.replace('<BkToCstmrStmt>', `<!-- ${'x'.repeat(10 * 1024 * 1024)} --><BkToCstmrStmt>`);
    expect((await postStatement(bookkeeper, huge)).status).toBe(413);
    const nul = await postStatement(bookkeeper, xml.replace('Hans Muster', 'Hans\u0000Muster'));
    expect(nul.status).toBe(422);
    expect(nul.body.code).toBe('statement_invalid');
    // Every other API route keeps its 1 MiB.
    const big = await bookkeeper.post('/api/v1/journal/manual-entries', { text: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });

  it('is for bookkeepers, not accountants', async () => {
    const { accountant } = await bookkeeperOfNewTenant();
    expect((await postStatement(accountant, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban }))).status).toBe(403);
  });
});

describe('GET /api/v1/bank-statements/entries', () => {
  type Listed = { items: { id: string; bookingDate: string; status: string }[]; nextCursor: string | null };

  async function allPages(bookkeeper: Awaited<ReturnType<typeof bookkeeperOfNewTenant>>['bookkeeper'], query: string) {
    const pages: Listed['items'][] = [];
    let cursor: string | null = null;
    do {
      const path = `/api/v1/bank-statements/entries?${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { status: number; text: string; body: Listed } = await bookkeeper.get<Listed>(path);
      expect(page.status, page.text).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor && pages.length < 10);
    return pages;
  }

  it('pages newest first with a cursor: every line once, lines of one day and one import included', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    expect((await postStatement(bookkeeper, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban }))).status).toBe(201);
    const whole = await bookkeeper.get<Listed>('/api/v1/bank-statements/entries');
    expect(whole.body.items).toHaveLength(5);
    expect(whole.body.nextCursor).toBeNull();
    const dates = whole.body.items.map((line) => line.bookingDate);
    expect(dates).toEqual([...dates].sort().reverse());
    // Three lines share a booking date and were imported together: the id orders them.
    const pages = await allPages(bookkeeper, 'limit=2');
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((line) => line.id)).toEqual(whole.body.items.map((line) => line.id));
  });

  it('keeps its place when a line of the page before is booked meanwhile', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    await postStatement(bookkeeper, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban }));
    const first = await bookkeeper.get<Listed>('/api/v1/bank-statements/entries?status=unmatched&limit=2');
    const last = first.body.items.at(-1)!;
    const booked = await bookkeeper.post(`/api/v1/reconciliation/entries/${last.id}/book`, { account: '6940' });
    expect(booked.status, booked.text).toBe(200);
    const rest = await bookkeeper.get<Listed>(`/api/v1/bank-statements/entries?status=unmatched&cursor=${first.body.nextCursor}`);
    expect(rest.status, rest.text).toBe(200);
    expect(rest.body.items).toHaveLength(3);
    expect(rest.body.items.map((line) => line.id)).not.toContain(last.id);
    expect([...first.body.items, ...rest.body.items].filter((line) => line.id !== last.id).every((line) => line.status === 'unmatched')).toBe(true);
  });

  it('takes another tenant’s line as a cursor for no line at all: nothing of that tenant shows', async () => {
    const owner = await bookkeeperOfNewTenant();
    await postStatement(owner.bookkeeper, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: tenantIban }));
    const [foreign] = (await owner.bookkeeper.get<Listed>('/api/v1/bank-statements/entries?limit=1')).body.items;
    const other = await bookkeeperOfNewTenant();
    const answer = await other.bookkeeper.get<{ errors: { field: string }[] }>(`/api/v1/bank-statements/entries?cursor=${foreign!.id}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error) => error.field)).toEqual(['cursor']);
    expect(answer.text).not.toContain(foreign!.id);
  });

  it('names the cursor when it is no line of the tenant, and the limit when it is out of bounds', async () => {
    const { bookkeeper } = await bookkeeperOfNewTenant();
    for (const query of ['cursor=not-a-line', `cursor=${crypto.randomUUID()}`, 'limit=0', 'limit=501']) {
      const answer = await bookkeeper.get<{ errors: { field: string }[] }>(`/api/v1/bank-statements/entries?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.errors.map((error) => error.field)).toEqual([query.split('=')[0]]);
    }
  });
});
