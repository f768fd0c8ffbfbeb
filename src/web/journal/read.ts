// The one place the journal pages read the ledger, through the same read functions and CSV
// code as the API (src/ledger/*). Kept small on purpose: when the ledger's reads change
// (paging, storage of lines), this file is what follows them.
import type { StreamingApi } from 'hono/utils/stream';
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { accounts } from '../../db/schema.js';
import { accountTotals } from '../../ledger/balances.js';
import { type EntryCursor, pageAccountLines, pageEntryIds } from '../../ledger/entry-pages.js';
import { exportJournalCsv } from '../../ledger/export-csv.js';
import { type EntryFilter, type EntryView, getEntries, getEntry } from '../../ledger/read-entries.js';

export type { EntryCursor, EntryFilter, EntryView };

export const journalPageSize = 50;

/** One page of entries, newest first, with their lines, and the cursor of the older page. */
export async function readJournalPage(db: Queryable, tenantId: string, filter: EntryFilter, after?: EntryCursor) {
  const { ids, next } = await pageEntryIds(db, tenantId, filter, { limit: journalPageSize, after, order: 'newest' });
  const byId = new Map((await getEntries(db, tenantId, ids)).map((entry) => [entry.id, entry]));
  return { entries: ids.map((id) => byId.get(id)!), next };
}

export const readEntry = (db: Queryable, tenantId: string, id: string) => getEntry(db, tenantId, id);

export const readTrialBalance = (db: Queryable, tenantId: string, date: string) => accountTotals(db, tenantId, { to: date });

export const readAccountLines = pageAccountLines;

export async function readChart(db: Queryable, tenantId: string) {
  return db
    .select({ number: accounts.number, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId)))
    .orderBy(asc(accounts.number));
}

/** The journal as the API exports it (UTF-8 with BOM, `;`, one row per line), oldest first, streamed in batches. */
export async function writeJournalCsv(out: StreamingApi, db: Queryable, tenantId: string, filter: EntryFilter) {
  for await (const chunk of exportJournalCsv(db, tenantId, filter)) await out.write(chunk);
}
