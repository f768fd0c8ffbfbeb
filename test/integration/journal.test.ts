// The journal as a bookkeeper uses it: manual entries, reversals, balances, trial balance, CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

interface Line {
  account: string;
  debit: number;
  credit: number;
  debitChf: number;
  creditChf: number;
  rate: string;
}
interface Entry {
  id: string;
  date: string;
  text: string;
  reversesEntryId: string | null;
  reversedByEntryId: string | null;
  lines: Line[];
}
type Api = ReturnType<typeof apiClient>;

let test: TestApp;
let bookkeeperKey = '';
beforeAll(async () => {
  test = await createTestApp();
});

async function newTenant() {
  const tenant = await createTestTenant(test.database);
  bookkeeperKey = `Bearer ${tenant.keys.bookkeeper}`;
  return {
    bookkeeper: apiClient(test.app, tenant.keys.bookkeeper),
    admin: apiClient(test.app, tenant.keys.admin),
  };
}

const post = (api: Api, body: Record<string, unknown>) =>
  api.post<Entry & { code: string; errors: { field: string }[] }>('/api/v1/journal/manual-entries', {
    date: '2026-03-31',
    text: 'Saferpay fees March',
    currency: 'CHF',
    lines: [
      { account: '6940', debit: 340 },
      { account: '1029', credit: 340 },
    ],
    ...body,
  });

describe('manual entries', () => {
  it('books provider fees: debit 6940 / credit 1029', async () => {
    const { bookkeeper } = await newTenant();
    const response = await post(bookkeeper, {});
    expect(response.status).toBe(201);
    expect(response.body.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['6940', 340, 0],
      ['1029', 0, 340],
    ]);
    const detail = await bookkeeper.get<Entry>(`/api/v1/journal/entries/${response.body.id}`);
    expect(detail.body.text).toBe('Saferpay fees March');
  });

  it('refuses unknown accounts, unbalanced lines, two-sided lines, missing rates and closed periods', async () => {
    const { bookkeeper, admin } = await newTenant();
    const unknown = await post(bookkeeper, {
      lines: [
        { account: '6940', debit: 340 },
        { account: '9999', credit: 340 },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('account_unknown');
    expect(unknown.body.errors[0]?.field).toBe('lines.1.account');
    const unbalanced = await post(bookkeeper, {
      lines: [
        { account: '6940', debit: 340 },
        { account: '1029', credit: 300 },
      ],
    });
    expect(unbalanced.status).toBe(422);
    expect(unbalanced.body.code).toBe('entry_unbalanced');
    const twoSided = await post(bookkeeper, {
      lines: [
        { account: '6940', debit: 340, credit: 340 },
        { account: '1029', credit: 340 },
      ],
    });
    expect(twoSided.status).toBe(422);
    const noRate = await post(bookkeeper, { currency: 'EUR' });
    expect(noRate.status).toBe(422);
    expect(noRate.body.errors[0]?.field).toBe('rate');
    const unknownCurrency = await post(bookkeeper, { currency: 'XYZ' });
    expect(unknownCurrency.status).toBe(400);
    expect(unknownCurrency.body.errors[0]?.field).toBe('currency');

    expect((await admin.patch('/api/v1/settings', { booksClosedUntil: '2026-03-31' })).status).toBe(200);
    const closed = await post(bookkeeper, {});
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('period_closed');
    expect((await post(bookkeeper, { date: '2026-04-01' })).status).toBe(201);
    const journal = await bookkeeper.get<{ total: number }>('/api/v1/journal/entries');
    expect(journal.body.total).toBe(1);
  });

  it('books a key once, even when sent five times at once, and refuses the key for other content', async () => {
    const { bookkeeper } = await newTenant();
    const idempotencyKey = `fees-${crypto.randomUUID()}`;
    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => post(bookkeeper, { idempotencyKey })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const other = await post(bookkeeper, { idempotencyKey, text: 'Something else' });
    expect(other.status).toBe(409);
    expect((await bookkeeper.get<{ total: number }>('/api/v1/journal/entries')).body.total).toBe(1);
  });

  it('books foreign currencies in CHF at the rate and minor units of the currency', async () => {
    const { bookkeeper } = await newTenant();
    const eur = await post(bookkeeper, {
      currency: 'EUR',
      rate: '0.9412',
      lines: [
        { account: '6940', debit: 1001 },
        { account: '1029', credit: 1001 },
      ],
    });
    expect(eur.body.lines.map((l) => [l.debitChf, l.creditChf, l.rate])).toEqual([
      [942, 0, '0.9412'],
      [0, 942, '0.9412'],
    ]);
    const jpy = await post(bookkeeper, {
      currency: 'JPY',
      rate: '0.0061',
      lines: [
        { account: '6940', debit: 1000 },
        { account: '1029', credit: 1000 },
      ],
    });
    expect(jpy.body.lines[0]?.debitChf).toBe(610);
    const csv = await bookkeeper.get('/api/v1/journal/export.csv');
    expect(csv.text).toContain(';JPY;1000;;0.0061;6.10;;');
  });
});

describe('reading the journal', () => {
  it('reverses an entry once, linking both ways, and refuses to reverse a reversal', async () => {
    const { bookkeeper } = await newTenant();
    const original = await post(bookkeeper, {});
    const reversal = await bookkeeper.post<Entry>(`/api/v1/journal/entries/${original.body.id}/reverse`, {
      date: '2026-04-02',
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body.reversesEntryId).toBe(original.body.id);
    expect(reversal.body.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['6940', 0, 340],
      ['1029', 340, 0],
    ]);
    expect(
      (await bookkeeper.get<Entry>(`/api/v1/journal/entries/${original.body.id}`)).body.reversedByEntryId,
    ).toBe(reversal.body.id);
    const again = await bookkeeper.post<Entry>(`/api/v1/journal/entries/${original.body.id}/reverse`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(reversal.body.id);
    expect((await bookkeeper.post(`/api/v1/journal/entries/${reversal.body.id}/reverse`)).status).toBe(409);
  });

  it('filters, pages in a stable order, and gives balances and a trial balance at a date', async () => {
    const { bookkeeper } = await newTenant();
    for (const [date, text] of [
      ['2026-01-15', 'Fees 50% January'],
      ['2026-02-15', 'Fees February'],
      ['2026-02-15', 'Fees February, second'],
      ['2026-03-15', 'Fees March'],
    ]) {
      await post(bookkeeper, { date, text });
    }
    await post(bookkeeper, {
      date: '2026-03-20',
      text: 'Payout',
      lines: [
        { account: '1020', debit: 500 },
        { account: '1029', credit: 500 },
      ],
    });
    const feb = await bookkeeper.get<{ items: Entry[] }>(
      '/api/v1/journal/entries?from=2026-02-01&to=2026-02-28',
    );
    expect(feb.body.items.map((e) => e.text)).toEqual(['Fees February', 'Fees February, second']);
    const literal = await bookkeeper.get<{ items: Entry[] }>('/api/v1/journal/entries?text=50%25');
    expect(literal.body.items.map((e) => e.text)).toEqual(['Fees 50% January']);
    const bank = await bookkeeper.get<{ items: Entry[] }>('/api/v1/journal/entries?account=1020');
    expect(bank.body.items.map((e) => e.text)).toEqual(['Payout']);
    const pages = [1, 2, 3].map((page) =>
      bookkeeper.get<{ items: Entry[] }>(`/api/v1/journal/entries?pageSize=2&page=${page}`),
    );
    const texts = (await Promise.all(pages)).flatMap((p) => p.body.items.map((e) => e.text));
    expect(texts).toEqual([
      'Fees 50% January',
      'Fees February',
      'Fees February, second',
      'Fees March',
      'Payout',
    ]);

    const balance = await bookkeeper.get<{ balanceChf: number }>(
      '/api/v1/accounts/1029/balance?date=2026-02-28',
    );
    expect(balance.body.balanceChf).toBe(-1020);
    const trial = await bookkeeper.get<{
      accounts: { account: string; balanceChf: number }[];
      totalDebitChf: number;
      totalCreditChf: number;
    }>('/api/v1/journal/trial-balance?date=2026-12-31');
    expect(trial.body.totalDebitChf).toBe(trial.body.totalCreditChf);
    expect(trial.body.accounts.map((a) => [a.account, a.balanceChf])).toEqual([
      ['1020', 500],
      ['1029', -1860],
      ['6940', 1360],
    ]);
  });

  it('exports CSV that a spreadsheet opens: BOM, semicolons, quoted text, no formulas', async () => {
    const { bookkeeper } = await newTenant();
    await post(bookkeeper, { text: 'Gebühren; "März" Zürich' });
    await post(bookkeeper, { text: '=HYPERLINK("x")' });
    const csv = await bookkeeper.get('/api/v1/journal/export.csv');
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    const raw = await test.app.request('/api/v1/journal/export.csv', {
      headers: { Authorization: bookkeeperKey },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]?.split(';')[0]).toBe('Entry no');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toContain('"Gebühren; ""März"" Zürich"');
    expect(rows[1]).toContain(';6940;Bank charges;CHF;3.40;;1;3.40;;');
    expect(rows[3]).toContain(`;"'=HYPERLINK(""x"")";`);
  });
});

describe('chart of accounts and settings', () => {
  it('seeds the Swiss SME accounts and lets admins add and rename', async () => {
    const { admin, bookkeeper } = await newTenant();
    const accounts = await admin.get<{ items: { number: string }[] }>('/api/v1/accounts');
    expect(accounts.body.items.map((a) => a.number)).toEqual([
      '1020',
      '1029',
      '1099',
      '1100',
      '2030',
      '2200',
      '3200',
      '6940',
      '6960',
    ]);
    expect(
      (await admin.post('/api/v1/accounts', { number: '3400', name: 'Consulting revenue', kind: 'revenue' }))
        .status,
    ).toBe(201);
    expect(
      (await admin.post('/api/v1/accounts', { number: '3400', name: 'Again', kind: 'revenue' })).status,
    ).toBe(409);
    expect(
      (await admin.post('/api/v1/accounts', { number: '34000', name: 'Long', kind: 'revenue' })).status,
    ).toBe(400);
    expect((await admin.patch('/api/v1/accounts/1029', { name: 'Saferpay clearing' })).status).toBe(200);
    expect((await bookkeeper.patch('/api/v1/accounts/1029', { name: 'x' })).status).toBe(403);
  });

  it('audits a change of the system account and warns about past bookings', async () => {
    const { admin } = await newTenant();
    const me = await admin.get<{ user: { id: string } }>('/api/v1/me');
    const changed = await admin.patch<{ systemAccount: string; warnings: string[] }>('/api/v1/settings', {
      systemAccount: '1020',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.systemAccount).toBe('1020');
    expect(changed.body.warnings[0]).toMatch(/before this change stay on the previous account/);
    const audit = await admin.get<{
      items: { action: string; actorUserId: string; details: unknown; createdAt: string }[];
    }>('/api/v1/audit-log');
    expect(audit.body.items[0]).toMatchObject({
      action: 'system_account.changed',
      actorUserId: me.body.user.id,
      details: { from: '1029', to: '1020' },
    });
    const refused = await admin.patch('/api/v1/settings', { systemAccount: '6940' });
    expect(refused.status).toBe(422);
  });
});
