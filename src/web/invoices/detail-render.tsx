// The invoice page as the routes render it: after a GET, or after an action the verb
// refused, with the verb's words and the API's status.
import { errorTable } from '../../http/errors.js';
import { uuidSchema } from '../../http/schemas.js';
import { DomainError } from '../../errors.js';
import { loadInvoiceView } from '../../invoices/view.js';
import { recentRate } from '../../ledger/recent-rate.js';
import { swissToday } from '../../services/context.js';
import type { OfficeContext } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { tenantConnections } from './choices.js';
import { DetailPage, type DetailProps } from './detail-page.js';
import { loadPaymentHistory } from './payment-history.js';

/** The invoice of this tenant, or null for an id that is not one (another tenant's included). */
export async function invoiceOf(c: OfficeContext, id: string) {
  if (!uuidSchema.safeParse(id).success) return null;
  const { db, publicBaseUrl } = c.get('deps');
  return loadInvoiceView(db, c.get('session').tenantId, id, publicBaseUrl);
}

/** The invoice page, with what an action was refused for when it was. */
export async function renderDetail(c: OfficeContext, id: string, extra: Partial<DetailProps> = {}, status: 200 | 403 | 404 | 409 | 422 | 502 = 200) {
  const view = await invoiceOf(c, id);
  if (!view) return c.html(<NotFoundPage c={c} />, 404);
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  const [history, connections, rate] = await Promise.all([
    loadPaymentHistory(db, tenantId, view.id),
    view.status === 'draft' ? tenantConnections(db, tenantId) : Promise.resolve([]),
    view.status === 'draft' && view.currency !== 'CHF' ? recentRate(db, tenantId, view.currency, swissToday(c.get('deps').now())) : Promise.resolve(null),
  ]);
  return c.html(<DetailPage c={c} view={view} history={history} connections={connections} exchangeRate={rate?.rate} {...extra} />, status);
}

/** A verb's refusal as the page shows it: its words, its fields, and the API's status. */
export async function refused(c: OfficeContext, id: string, error: unknown, extra: Partial<DetailProps> = {}) {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === 'not_found' && !error.extra.errors) return c.html(<NotFoundPage c={c} />, 404);
  const errors = Object.fromEntries((error.extra.errors ?? []).map((problem) => [problem.field, problem.message]));
  return renderDetail(c, id, { problem: error.detail, errors, ...extra }, errorTable[error.code].status as 409);
}
