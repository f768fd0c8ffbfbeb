// The invoice pages under /office/invoices. Every change goes through the verbs the API
// uses (createInvoice, updateInvoice, setPaymentServices, sendInvoice, cancelInvoice,
// refundPayment); a refusal comes back on the page in the verb's own words.
import { Hono } from 'hono';
import { serviceContext } from '../../http/context.js';
import { invoicePdfResponse } from '../../routes/invoice-actions.js';
import { cancelInvoice } from '../../services/cancel-invoice.js';
import { sendInvoice } from '../../services/send-invoice.js';
import { setPaymentServices } from '../../services/set-payment-services.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { NotFoundPage } from '../pages.js';
import { contactChoices, pickerSize, tenantCurrencies } from './choices.js';
import { invoiceOf, refused, renderDetail } from './detail-render.js';
import { editorRoutes } from './editor-routes.js';
import { invoiceTotals, listInvoicePage, readInvoiceFilters } from './list-query.js';
import { ListPage } from './list-page.js';
import { refundRoutes } from './refund-routes.js';

export const invoicesRoutes = new Hono<OfficeEnv>();

invoicesRoutes.get('/invoices', requireWebPermission('invoices:read'), async (c) => {
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  const currencies = await tenantCurrencies(db, tenantId);
  const { filters, errors } = readInvoiceFilters(c.req.query(), currencies);
  const [page, totals, contacts] = await Promise.all([
    listInvoicePage(db, tenantId, filters),
    invoiceTotals(db, tenantId, filters),
    contactChoices(db, tenantId, '', filters.contactId),
  ]);
  return c.html(<ListPage c={c} filters={filters} errors={errors} page={page} totals={totals} contacts={contacts} currencies={currencies} />, Object.keys(errors).length > 0 ? 422 : 200);
});

invoicesRoutes.route('/', editorRoutes);
invoicesRoutes.route('/', refundRoutes);

invoicesRoutes.get('/invoices/:id', requireWebPermission('invoices:read'), (c) => renderDetail(c, c.req.param('id')));

invoicesRoutes.get('/invoices/:id/pdf', requireWebPermission('invoices:read'), async (c) => {
  const view = await invoiceOf(c, c.req.param('id'));
  if (!view) return c.html(<NotFoundPage c={c} />, 404);
  // The same document and renderer as GET /api/v1/invoices/{id}/pdf.
  try {
    return await invoicePdfResponse(c.get('deps'), c.get('session').tenantId, view.id);
  } catch (error) {
    return refused(c, view.id, error);
  }
});

invoicesRoutes.post('/invoices/:id/payment-services', requireWebPermission('invoices:write'), async (c) => {
  const id = c.req.param('id');
  if (!(await invoiceOf(c, id))) return c.html(<NotFoundPage c={c} />, 404);
  // Every ticked box: the form data itself, since the CSRF check parsed (and cached) the body with one value per name.
  const connectionIds = (await c.req.formData()).getAll('connectionIds').filter((value): value is string => typeof value === 'string').slice(0, pickerSize);
  try {
    await setPaymentServices({ ctx: serviceContext(c as never), input: { invoiceId: id, connectionIds } });
  } catch (error) {
    return refused(c, id, error);
  }
  return c.redirect(`/office/invoices/${id}?done=doneServices`, 303);
});

invoicesRoutes.post('/invoices/:id/send', requireWebPermission('invoices:write'), async (c) => {
  const id = c.req.param('id');
  if (!(await invoiceOf(c, id))) return c.html(<NotFoundPage c={c} />, 404);
  const body = await c.req.parseBody();
  const exchangeRate = typeof body.exchangeRate === 'string' ? body.exchangeRate.trim() : '';
  try {
    await sendInvoice({ ctx: serviceContext(c as never), input: { invoiceId: id, exchangeRate: exchangeRate || undefined } });
  } catch (error) {
    return refused(c, id, error, { exchangeRate });
  }
  return c.redirect(`/office/invoices/${id}?done=doneSent`, 303);
});

invoicesRoutes.post('/invoices/:id/cancel', requireWebPermission('invoices:write'), async (c) => {
  const id = c.req.param('id');
  if (!(await invoiceOf(c, id))) return c.html(<NotFoundPage c={c} />, 404);
  try {
    await cancelInvoice({ ctx: serviceContext(c as never), input: { invoiceId: id } });
  } catch (error) {
    return refused(c, id, error);
  }
  return c.redirect(`/office/invoices/${id}?done=doneCancelled`, 303);
});
