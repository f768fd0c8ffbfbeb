// The back office under /office: server-rendered pages for accountants, bookkeepers and
// admins. They call the same verbs as the API; nothing here is a second copy of a rule.
import { Hono } from 'hono';
import type { OfficeEnv } from './env.js';
import { officeScript, officeStylesheet } from './assets.js';
import { checkCsrf, loadSession, noStore, officeHeaders, requireSignedIn } from './guard.js';
import { homeRoutes } from './routes/home.js';
import { notFoundResponse } from './pages.js';
import { journalRoutes } from './journal/routes.js';
import { reconciliationRoutes } from './reconciliation/routes.js';
import { invoicesRoutes } from './invoices/routes.js';
import { contactsRoutes } from './contacts/routes.js';
import { passwordRoutes } from './routes/password.js';
import { signInRoutes } from './routes/sign-in.js';
import { settingsRoutes } from './settings/routes.js';

export const officeRoutes = new Hono<OfficeEnv>();

officeRoutes.get('/assets/office.css', (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(officeStylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8' });
});
officeRoutes.get('/assets/office.js', (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(officeScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
});

officeRoutes.use('*', officeHeaders, noStore, loadSession, requireSignedIn, checkCsrf);
officeRoutes.route('/', signInRoutes);
officeRoutes.route('/', passwordRoutes);
officeRoutes.route('/', homeRoutes);
officeRoutes.route('/', journalRoutes);
officeRoutes.route('/', reconciliationRoutes);
officeRoutes.route('/', invoicesRoutes);
officeRoutes.route('/', contactsRoutes);
officeRoutes.route('/', settingsRoutes);
officeRoutes.all('*', notFoundResponse);
