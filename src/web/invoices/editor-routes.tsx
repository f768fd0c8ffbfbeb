// New and edited drafts. "Add line", "update totals" and the contact search re-render the
// form with the server's totals; "save" goes through createInvoice / updateInvoice, the
// verbs of POST and PATCH /api/v1/invoices, and a refusal comes back next to its field.
import { Hono } from 'hono';
import { serviceContext } from '../../http/context.js';
import { DomainError } from '../../errors.js';
import { createInvoice, updateInvoice } from '../../services/save-invoice.js';
import { errorsByField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import type { OfficeContext } from '../layout.js';
import { MessagePage, NotFoundPage } from '../pages.js';
import { contactChoices, revenueAccounts, tenantCurrencies } from './choices.js';
import { type DraftForm, draftFormOf, draftInput, newDraftForm, readDraftForm } from './draft-form.js';
import { EditorPage } from './editor-page.js';
import { invoiceOf } from './detail-render.js';
import { fill, invoiceTexts } from './texts.js';

export const editorRoutes = new Hono<OfficeEnv>();

async function renderEditor(c: OfficeContext, form: DraftForm, errors: Record<string, string>, target: { action: string; title: string }, status: 200 | 404 | 409 | 422 = 200) {
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  const [contacts, currencies, accounts] = await Promise.all([
    contactChoices(db, tenantId, form.contactSearch, form.contactId || null),
    tenantCurrencies(db, tenantId),
    revenueAccounts(db, tenantId),
  ]);
  return c.html(<EditorPage c={c} form={form} errors={errors} choices={{ contacts, currencies, accounts }} action={target.action} title={target.title} />, status);
}

const newTarget = (c: OfficeContext) => ({ action: '/office/invoices/new', title: invoiceTexts(c).newInvoice });

/** Saves on "save"; anything else (add line, update totals, find contact) only re-renders. */
async function handle(c: OfficeContext, target: { action: string; title: string }, save: (input: NonNullable<ReturnType<typeof draftInput>['input']>) => Promise<string>) {
  const t = invoiceTexts(c);
  const { form, action } = readDraftForm(await c.req.parseBody());
  if (action !== 'save') return renderEditor(c, form, {}, target);
  const { input, errors } = draftInput(form, { required: t.required, amountInvalid: t.amountInvalid, quantityInvalid: t.quantityInvalid });
  const currencies = await tenantCurrencies(c.get('deps').db, c.get('session').tenantId);
  if (!currencies.includes(form.currency)) errors.currency = fill(t.currencyNotUsable, { currencies: currencies.join(', ') });
  if (!input || errors.currency) return renderEditor(c, form, errors, target, 422);
  try {
    const id = await save(input);
    return c.redirect(`/office/invoices/${id}?done=doneSaved`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'invoice_not_draft') return c.html(<MessagePage c={c} title={t.notDraftTitle} text={error.detail} backHref="/office/invoices" />, 409);
    const fieldErrors = errorsByField(error.extra.errors);
    return renderEditor(c, form, Object.keys(fieldErrors).length > 0 ? fieldErrors : { lines: error.detail }, target, 422);
  }
}

editorRoutes.get('/invoices/new', requireWebPermission('invoices:write'), (c) => renderEditor(c, newDraftForm(c.req.query('contactId') ?? ''), {}, newTarget(c)));

editorRoutes.post('/invoices/new', requireWebPermission('invoices:write'), (c) =>
  handle(c, newTarget(c), (input) => createInvoice({ ctx: serviceContext(c as never), input })),
);

async function editTarget(c: OfficeContext) {
  const view = await invoiceOf(c, c.req.param('id') ?? '');
  if (!view) return { view: null, target: { action: '', title: '' } };
  return { view, target: { action: `/office/invoices/${view.id}/edit`, title: invoiceTexts(c).editDraft } };
}

editorRoutes.get('/invoices/:id/edit', requireWebPermission('invoices:write'), async (c) => {
  const { view, target } = await editTarget(c);
  if (!view) return c.html(<NotFoundPage c={c} />, 404);
  if (view.status !== 'draft') return c.redirect(`/office/invoices/${view.id}`, 303);
  return renderEditor(c, draftFormOf(view), {}, target);
});

editorRoutes.post('/invoices/:id/edit', requireWebPermission('invoices:write'), async (c) => {
  const { view, target } = await editTarget(c);
  if (!view) return c.html(<NotFoundPage c={c} />, 404);
  return handle(c, target, (input) => updateInvoice({ ctx: serviceContext(c as never), input: { id: view.id, patch: input } }));
});
