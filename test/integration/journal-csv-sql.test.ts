// The journal's CSV rows are written by the database (src/ledger/export-csv.ts): csv_field and
// format_minor (migration 0015) and trim_scale repeat csvField, formatMinor and normalizeRate.
// Each pair runs here over the same tricky values, and an export of tricky entries is compared
// with the rows the TypeScript rules write, so the two sides cannot drift apart unnoticed.
import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, withTransaction } from '../../src/db/client.js';
import { rowsOf } from '../../src/db/rows.js';
import { accounts } from '../../src/db/schema.js';
import { currenciesByMinorUnits, formatMinor } from '../../src/ledger/currencies.js';
import { csvBom, csvField, csvHeaderRow, exportJournalCsv } from '../../src/ledger/export-csv.js';
import type { EntryFilter } from '../../src/ledger/journal-order.js';
import { postEntry } from '../../src/ledger/post.js';
import { normalizeRate } from '../../src/ledger/read-entries.js';
import { reverseEntry } from '../../src/ledger/reverse.js';
import { type TestApp, type TestTenant, createTestApp, createTestTenant } from '../helpers/app.js';

const trickyTexts = [
  '',
  'plain',
  '=SUM(A1)',
  '+41 44 000 00 00',
  '-5',
  '@mention',
  '\tTab first',
  '\rCR first',
  '\nLF first',
  'a;b',
  'say "hi"',
  'two\nlines',
  'cr\rinside',
  'a\r\nb',
  '=a;"b"',
  '-"minus"',
  'Gebühren Zürich',
  'ÄÖÜ éè ß €',
  "'already quoted'",
  ' =space first',
  '"',
  ';',
  '-',
  'x=1+2',
  'end;',
];

let test: TestApp;
let db: Database;
beforeAll(async () => {
  test = await createTestApp();
  db = test.database.db;
});

function values(items: SQL[]): SQL {
  return sql.join(items, sql`, `);
}

describe('the SQL twins of the CSV rules', () => {
  it('csv_field quotes and defuses every tricky text as csvField does', async () => {
    const rows = await rowsOf<{ value: string; field: string }>(
      db,
      sql`select t.value, csv_field(t.value) as field
          from (values ${values(trickyTexts.map((text, i) => sql`(${i}::int, ${text}::text)`))}) as t(i, value) order by t.i`,
    );
    expect(rows.map((row) => row.value)).toEqual(trickyTexts);
    for (const row of rows) expect(row.field, JSON.stringify(row.value)).toBe(csvField(row.value));
    // Not only equal to each other: the rules themselves.
    expect(csvField('=a;"b"')).toBe(`"'=a;""b"""`);
    expect(csvField('\tTab first')).toBe(`'\tTab first`);
  });

  it('format_minor writes amounts as formatMinor does, for currencies of 0, 2 and 3 decimals', async () => {
    const amounts = [0, 1, 5, 9, 10, 99, 100, 101, 999, 1000, 12345, 1_000_000, 123_456_789_012, -1, -5, -100, -12345];
    for (const [units, codes] of currenciesByMinorUnits()) {
      const code = codes[0]!;
      const rows = await rowsOf<{ amount: string | number; text: string }>(
        db,
        sql`select t.amount, format_minor(t.amount, ${units}::int) as text
            from (values ${values(amounts.map((amount, i) => sql`(${i}::int, ${amount}::bigint)`))}) as t(i, amount) order by t.i`,
      );
      expect(rows.map((row) => row.text), code).toEqual(amounts.map((amount) => formatMinor(amount, code)));
    }
    expect(formatMinor(5, 'CHF')).toBe('0.05');
    expect(formatMinor(12345, 'BHD')).toBe('12.345');
  });

  it('trim_scale writes a rate as normalizeRate does', async () => {
    const rates = ['1', '0.95', '0.9412', '0.0061', '1.5', '10', '100.00000001', '0', '0.00000001', '12345678.9', '1.10'];
    const rows = await rowsOf<{ stored: string; trimmed: string }>(
      db,
      sql`select t.rate::text as stored, trim_scale(t.rate)::text as trimmed
          from (values ${values(rates.map((rate, i) => sql`(${i}::int, ${rate}::numeric(18, 8))`))}) as t(i, rate) order by t.i`,
    );
    expect(rows[1]!.stored).toBe('0.95000000');
    for (const row of rows) expect(row.trimmed, row.stored).toBe(normalizeRate(row.stored));
  });
});

describe('the CSV export of tricky entries', () => {
  let tenant: TestTenant;
  let feeId = '';
  beforeAll(async () => {
    tenant = await createTestTenant(test.database);
    // Account names a spreadsheet could misread, set around the back office on purpose.
    await db.insert(accounts).values([
      { tenantId: tenant.tenantId, number: '3401', name: '=Revenue; "special"', kind: 'revenue' },
      { tenantId: tenant.tenantId, number: '6941', name: 'Gebühren\nZürich', kind: 'expense' },
      { tenantId: tenant.tenantId, number: '1021', name: '-Bank', kind: 'asset' },
    ]);
    const post = (input: Omit<Parameters<typeof postEntry>[1], 'tenantId' | 'source'> & { source?: 'manual' | 'payment' }) =>
      withTransaction(db, (tx) => postEntry(tx, { source: 'manual', ...input, tenantId: tenant.tenantId }));
    feeId = (
      await post({
        date: '2026-03-01',
        text: '=HYPERLINK("x")',
        idempotencyKey: 'csv:1',
        currency: 'CHF',
        lines: [
          { account: '6941', amount: 340 },
          { account: '1029', amount: -340 },
        ],
      })
    ).entryId;
    // Texts, references and currencies (0, 2 and 3 minor units) the export must write exactly.
    const entries: Parameters<typeof post>[0][] = [
      { date: '2026-03-01', text: 'Invoice; "EUR"\nsecond line', source: 'payment', sourceRef: '+41 ref;1', idempotencyKey: 'csv:2', currency: 'EUR', rate: '0.95000000',
        lines: [{ account: '1021', amount: 10050 }, { account: '3401', amount: -10000 }, { account: '3401', amount: -50 }] },
      { date: '2026-03-02', text: '\tUSD fees', sourceRef: '@provider', idempotencyKey: 'csv:3', currency: 'USD', rate: '0.8812',
        lines: [{ account: '6940', amount: 5 }, { account: '1029', amount: -5 }] },
      { date: '2026-03-02', text: 'Yen', idempotencyKey: 'csv:4', currency: 'JPY', rate: '0.0061',
        lines: [{ account: '1021', amount: 1000 }, { account: '3401', amount: -1000 }] },
      { date: '2026-03-03', text: 'Dinar', idempotencyKey: 'csv:5', currency: 'BHD', rate: '2.35',
        lines: [{ account: '1021', amount: 12345 }, { account: '3401', amount: -12345 }] },
    ];
    for (const entry of entries) await post(entry);
    await withTransaction(db, (tx) => reverseEntry(tx, { tenantId: tenant.tenantId, entryId: feeId, date: '2026-03-04' }));
  });

  // The rows as the TypeScript rules write them, from the plain columns.
  async function expected(filter: EntryFilter): Promise<string> {
    const rows = await rowsOf<Record<string, string | number | null>>(
      db,
      sql`select e.seq, e.entry_date::text as date, e.id, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id,
                 l.line_no, l.account_number, l.amount, l.amount_chf, l.rate::text as rate, a.name
          from journal_entries e join journal_lines l on l.entry_id = e.id
          join accounts a on a.tenant_id = l.tenant_id and a.number = l.account_number
          where e.tenant_id = ${tenant.tenantId}
            and (${filter.account ?? null}::text is null
                 or exists (select 1 from journal_lines f where f.entry_id = e.id and f.account_number = ${filter.account ?? null}))
            and (${filter.from ?? null}::date is null or e.entry_date >= ${filter.from ?? null}::date)
          order by e.entry_date, e.seq, l.line_no`,
    );
    const money = (amount: number, currency: string) => (amount > 0 ? formatMinor(amount, currency) : '');
    const lines = rows.map((row) => {
      const [amount, amountChf, currency] = [Number(row.amount), Number(row.amount_chf), String(row.currency)];
      return [
        row.seq,
        row.date,
        row.id,
        csvField(String(row.text)),
        row.source,
        csvField(row.source_ref === null ? '' : String(row.source_ref)),
        row.line_no,
        row.account_number,
        csvField(String(row.name)),
        currency,
        money(amount, currency),
        money(-amount, currency),
        normalizeRate(String(row.rate)),
        money(amountChf, 'CHF'),
        money(-amountChf, 'CHF'),
        row.reverses_entry_id ?? '',
      ].join(';');
    });
    return csvBom + csvHeaderRow() + lines.map((line) => `${line}\r\n`).join('');
  }

  it('writes every row as the TypeScript rules do, whatever the batch size and filter', async () => {
    const whole = await text(exportJournalCsv(db, tenant.tenantId, {}));
    expect(whole).toBe(await expected({}));
    for (const batchEntries of [1, 2, 5]) expect(await text(exportJournalCsv(db, tenant.tenantId, {}, { batchEntries }))).toBe(whole);
    expect(await text(exportJournalCsv(db, tenant.tenantId, { account: '3401' }, { batchEntries: 2 }))).toBe(
      await expected({ account: '3401' }),
    );
    expect(await text(exportJournalCsv(db, tenant.tenantId, { from: '2026-03-02' }, { batchEntries: 1 }))).toBe(
      await expected({ from: '2026-03-02' }),
    );
  });

  it('quotes texts, references and account names, splits debit and credit, and names the reversed entry', async () => {
    const rows = (await text(exportJournalCsv(db, tenant.tenantId, {}))).split('\r\n');
    const fee = rows.find((row) => row.includes(`;"'=HYPERLINK(""x"")";manual;;1;6941;"Gebühren\nZürich";CHF;3.40;;1;3.40;;`));
    expect(fee).toBeDefined();
    expect(rows.some((row) => row.includes(`;"Invoice; ""EUR""\nsecond line";payment;"'+41 ref;1";1;1021;'-Bank;EUR;100.50;;0.95;95.48;;`))).toBe(true);
    expect(rows.some((row) => row.endsWith(`;2;3401;"'=Revenue; ""special""";EUR;;100.00;0.95;;95.00;`))).toBe(true);
    expect(rows.some((row) => row.includes(`;'\tUSD fees;manual;'@provider;1;6940;Bank charges;USD;0.05;;0.8812;0.04;;`))).toBe(true);
    expect(rows.some((row) => row.includes(';JPY;1000;;0.0061;6.10;;'))).toBe(true);
    expect(rows.some((row) => row.includes(';BHD;;12.345;2.35;;29.01;'))).toBe(true);
    expect(rows.filter((row) => row.endsWith(`;${feeId}`))).toHaveLength(2);
  });
});

describe('the CSV export of a currency without known minor units', () => {
  it('fails before the header instead of writing its amounts with a guessed exponent', async () => {
    const other = await createTestTenant(test.database);
    // Around the posting service, which books only known currencies.
    await test.database.rawTransaction([
      `with e as (
         insert into journal_entries (tenant_id, entry_date, text, source, idempotency_key, currency)
         values ('${other.tenantId}', '2026-03-01', 'Unknown money', 'manual', 'csv:xyz', 'XYZ') returning id)
       insert into journal_lines (entry_id, tenant_id, line_no, account_number, amount, amount_chf, rate, entry_date, entry_seq, currency)
       select e.id, '${other.tenantId}', v.line_no, v.account, v.amount, v.amount, 1, '2026-03-01', 0, 'XYZ'
       from e, (values (1, '1020', 100), (2, '1029', -100)) as v(line_no, account, amount)`,
    ]);
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of exportJournalCsv(db, other.tenantId, {})) chunks.push(chunk);
      })(),
    ).rejects.toThrow(/unknown minor units/);
    expect(chunks).toEqual([]);
  });
});

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}
