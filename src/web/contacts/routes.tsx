// The contact pages under /office/contacts: a searchable list, and a form to create or
// change a contact through createContact / updateContact, the verbs of the API.
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { can } from '../../access.js';
import { contacts } from '../../db/schema.js';
import { DomainError } from '../../errors.js';
import { serviceContext } from '../../http/context.js';
import { uuidSchema } from '../../http/schemas.js';
import { contactName } from '../../invoices/document.js';
import { createContact, updateContact } from '../../services/save-contact.js';
import { errorsByField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import type { OfficeContext } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { type ContactForm, ContactFormPage, contactFormOf, contactInput, emptyContactForm, readContactForm } from './contact-form.js';
import { ContactListPage, ContactReadPage } from './list-page.js';
import { listContactPage, readAfter } from './list-query.js';
import { contactTexts } from './texts.js';

export const contactsRoutes = new Hono<OfficeEnv>();

contactsRoutes.get('/contacts', requireWebPermission('contacts:read'), async (c) => {
  const search = c.req.query('q') ?? '';
  const page = await listContactPage(c.get('deps').db, c.get('session').tenantId, search, readAfter(c.req.query('after')));
  return c.html(<ContactListPage c={c} search={search} page={page} />);
});

async function save(c: OfficeContext, target: { action: string; title: string }, run: (input: NonNullable<ReturnType<typeof contactInput>['input']>) => Promise<{ id: string }>) {
  const form = readContactForm(await c.req.parseBody());
  const { input, errors } = contactInput(form);
  const again = (fieldErrors: Record<string, string>) => c.html(<ContactFormPage c={c} form={form} errors={fieldErrors} {...target} />, 422);
  if (!input) return again(errors);
  try {
    const row = await run(input);
    return c.redirect(`/office/contacts/${row.id}?notice=saved`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'not_found') return c.html(<NotFoundPage c={c} />, 404);
    return again(errorsByField(error.extra.errors));
  }
}

contactsRoutes.get('/contacts/new', requireWebPermission('contacts:write'), (c) => {
  const t = contactTexts(c);
  return c.html(<ContactFormPage c={c} form={emptyContactForm(c.get('language'))} errors={{}} action="/office/contacts/new" title={t.newContact} />);
});

contactsRoutes.post('/contacts/new', requireWebPermission('contacts:write'), (c) =>
  save(c, { action: '/office/contacts/new', title: contactTexts(c).newContact }, (input) => createContact({ ctx: serviceContext(c as never), input })),
);

async function contactOf(c: OfficeContext) {
  const id = c.req.param('id') ?? '';
  if (!uuidSchema.safeParse(id).success) return null;
  const [row] = await c.get('deps').db.select().from(contacts).where(and(eq(contacts.tenantId, c.get('session').tenantId), eq(contacts.id, id)));
  return row ?? null;
}

contactsRoutes.get('/contacts/:id', requireWebPermission('contacts:read'), async (c) => {
  const row = await contactOf(c);
  if (!row) return c.html(<NotFoundPage c={c} />, 404);
  if (!can(c.get('session').role, 'contacts:write')) return c.html(<ContactReadPage c={c} contact={row} />);
  const form: ContactForm = contactFormOf(row);
  return c.html(<ContactFormPage c={c} form={form} errors={{}} action={`/office/contacts/${row.id}`} title={contactName(row)} />);
});

contactsRoutes.post('/contacts/:id', requireWebPermission('contacts:write'), async (c) => {
  const row = await contactOf(c);
  if (!row) return c.html(<NotFoundPage c={c} />, 404);
  return save(c, { action: `/office/contacts/${row.id}`, title: contactName(row) }, (input) => updateContact({ ctx: serviceContext(c as never), input: { id: row.id, patch: input } }));
});
