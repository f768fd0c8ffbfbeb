// Contacts: the invoice recipients. A company needs its name, a person first and last name.
import { and, eq } from 'drizzle-orm';
import { contacts } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export type ContactInput = Omit<typeof contacts.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;

function assertNamed(contact: Pick<ContactInput, 'kind' | 'companyName' | 'firstName' | 'lastName'>) {
  const missing =
    contact.kind === 'company'
      ? contact.companyName
        ? []
        : ['companyName']
      : (['firstName', 'lastName'] as const).filter((field) => !contact[field]);
  if (missing.length > 0) {
    throw new DomainError('validation_failed', `A ${contact.kind} needs ${missing.join(' and ')}.`, {
      errors: missing.map((field) => ({ field, message: `required for kind "${contact.kind}"`, in: 'body' })),
    });
  }
}

export async function createContact({ ctx, input }: { ctx: ServiceContext; input: ContactInput }) {
  assertNamed(input);
  const [row] = await ctx.db
    .insert(contacts)
    .values({ ...input, tenantId: ctx.tenantId })
    .returning();
  if (!row) throw new Error('contact insert returned nothing');
  return row;
}

export async function updateContact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; patch: Partial<ContactInput> };
}) {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.tenantId, ctx.tenantId), eq(contacts.id, input.id)))
      .for('update');
    if (!current) throw notFound('The contact');
    assertNamed({ ...current, ...input.patch });
    const [row] = await tx
      .update(contacts)
      .set({ ...input.patch, updatedAt: ctx.now() })
      .where(eq(contacts.id, current.id))
      .returning();
    if (!row) throw notFound('The contact');
    return row;
  });
}
