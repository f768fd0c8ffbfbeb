// Reconciliation in the back office (reconciliation:manage): the month-end overview with the
// system account and the period lock, bank statements and their lines, payout proposals.
import { Hono } from 'hono';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { lockAction, openItemsCsvDownload, overviewPage } from './overview-page.js';
import { acceptAction, proposalsPage } from './proposals-page.js';
import { bookLineAction, statementsPage, uploadAction } from './statements-page.js';

export const reconciliationRoutes = new Hono<OfficeEnv>();

const manage = requireWebPermission('reconciliation:manage');

reconciliationRoutes.get('/reconciliation', manage, (c) => overviewPage(c));
reconciliationRoutes.get('/reconciliation/system-account.csv', manage, (c) => openItemsCsvDownload(c));
// Locking the period is the API's journal:write as well.
reconciliationRoutes.post('/reconciliation/period-lock', manage, requireWebPermission('journal:write'), (c) => lockAction(c));
reconciliationRoutes.get('/reconciliation/statements', manage, (c) => statementsPage(c));
reconciliationRoutes.post('/reconciliation/statements', manage, (c) => uploadAction(c));
reconciliationRoutes.post('/reconciliation/lines/:id/book', manage, (c) => bookLineAction(c));
reconciliationRoutes.get('/reconciliation/proposals', manage, (c) => proposalsPage(c));
reconciliationRoutes.post('/reconciliation/proposals/:id/accept', manage, (c) => acceptAction(c));
