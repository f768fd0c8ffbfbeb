// The journal in the back office (journal:read; changes need journal:write): the list, one
// entry, its reversal, the manual entry form, the trial balance, account statements, CSV.
import { Hono } from 'hono';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { entryPage, reverseAction, reverseForm } from './entry-page.js';
import { journalListPage } from './list-page.js';
import { manualEntryAction, manualEntryPage } from './manual-entry.js';
import { accountStatementPage, journalCsvDownload, trialBalanceCsvDownload, trialBalancePage } from './reports-pages.js';

export const journalRoutes = new Hono<OfficeEnv>();

const read = requireWebPermission('journal:read');
const write = requireWebPermission('journal:write');

journalRoutes.get('/journal', read, async (c) => c.html(await journalListPage(c)));
journalRoutes.get('/journal/export.csv', read, (c) => journalCsvDownload(c));
journalRoutes.get('/journal/entries/:id', read, (c) => entryPage(c));
journalRoutes.get('/journal/entries/:id/reverse', read, write, (c) => reverseForm(c));
journalRoutes.post('/journal/entries/:id/reverse', read, write, (c) => reverseAction(c));
journalRoutes.get('/journal/new', read, write, (c) => manualEntryPage(c));
journalRoutes.post('/journal/new', read, write, (c) => manualEntryAction(c));
journalRoutes.get('/journal/trial-balance', read, (c) => trialBalancePage(c));
journalRoutes.get('/journal/trial-balance.csv', read, (c) => trialBalanceCsvDownload(c));
journalRoutes.get('/journal/account-statement', read, (c) => accountStatementPage(c));
