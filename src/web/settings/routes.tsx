// The settings of the back office (admins): the company, payment services, accounts, users,
// API keys and the audit log. Each section is a small sub-app of this folder with its own
// permission check on every page and every form.
import { Hono } from 'hono';
import type { OfficeEnv } from '../env.js';
import { accountsRoutes } from './accounts.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditRoutes } from './audit.js';
import { companyRoutes } from './company.js';
import { connectionListRoutes } from './connection-list.js';
import { wizardRoutes } from './connection-wizard.js';
import { connectionRoutes } from './connections.js';
import { settingsIndexRoutes } from './index-page.js';
import { userRoutes } from './users.js';

export const settingsRoutes = new Hono<OfficeEnv>();
for (const section of [settingsIndexRoutes, companyRoutes, wizardRoutes, connectionListRoutes, connectionRoutes, accountsRoutes, userRoutes, apiKeyRoutes, auditRoutes]) {
  settingsRoutes.route('/', section);
}
