// The ledger's reads on one tenant, each timed as the back office and the API call them.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Database } from '../src/db/client.js';
import { accountTotals } from '../src/ledger/balances.js';
import { exportJournalCsv } from '../src/ledger/export-csv.js';
import { listEntries, listEntryIds } from '../src/ledger/read-entries.js';
import { time } from './stats.js';

export interface LedgerReadJobs {
  trialBalance: () => Promise<number>;
  accountBalance: () => Promise<number>;
  page1: () => Promise<number>;
  pageDeep: () => Promise<number>;
  pageDeepAccount: () => Promise<number>;
  pageDeepByOffset: () => Promise<number>;
  csvMonth: () => Promise<number>;
}

/** Cursors deep into the journal (page `depth` of 50), found once by walking the keyset. */
async function cursorAt(db: Database, tenantId: string, filter: { account?: string }, depth: number): Promise<string | null> {
  // Jump close with an offset once (setup, not timed), then take the page's cursor.
  const page = await listEntryIds(db, tenantId, filter, { limit: 50, offset: (depth - 2) * 50, withTotal: false });
  return page.nextCursor;
}

export interface CsvFigure {
  ms: number;
  lines: number;
  peakRssMb: number;
}

export async function ledgerReadJobs(db: Database, tenantId: string, options: { depth: number; month: string; lastCsv?: CsvFigure[] }) {
  const deep = await cursorAt(db, tenantId, {}, options.depth);
  const deepAccount = await cursorAt(db, tenantId, { account: '1029' }, options.depth);
  // Dates spread over the journal, so no single cached answer helps.
  const dates = ['2024-03-17', '2025-01-31', '2025-06-30', '2025-12-05', '2026-06-30'];
  let turn = 0;
  const nextDate = () => dates[turn++ % dates.length]!;
  const jobs: LedgerReadJobs = {
    trialBalance: () => time(() => accountTotals(db, tenantId, { to: nextDate() })),
    accountBalance: () => time(() => accountTotals(db, tenantId, { to: nextDate(), account: '1029' })),
    page1: () => time(() => listEntries(db, tenantId, {}, { limit: 50 })),
    pageDeep: () => time(() => listEntries(db, tenantId, {}, { limit: 50, cursor: deep })),
    pageDeepAccount: () => time(() => listEntries(db, tenantId, { account: '1029' }, { limit: 50, cursor: deepAccount })),
    pageDeepByOffset: () => time(() => listEntries(db, tenantId, {}, { limit: 50, offset: (options.depth - 1) * 50 })),
    csvMonth: async () => {
      const figure = await csvExport(db, tenantId, options.month);
      options.lastCsv?.push(figure);
      return figure.ms;
    },
  };
  return jobs;
}

/** Streams one month's CSV into nothing, counting lines; memory is sampled as it goes. */
export async function csvExport(db: Database, tenantId: string, month: string): Promise<CsvFigure> {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, mon, 0)).toISOString().slice(0, 10);
  let lines = 0;
  let peak = process.memoryUsage().rss;
  const started = performance.now();
  await pipeline(
    Readable.from(exportJournalCsv(db, tenantId, { from: `${month}-01`, to: last })),
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        const text = chunk.toString();
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
        peak = Math.max(peak, process.memoryUsage().rss);
        done();
      },
    }),
  );
  return { ms: performance.now() - started, lines: lines - 1, peakRssMb: peak / 1024 / 1024 };
}
