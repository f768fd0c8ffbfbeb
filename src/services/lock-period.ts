// A bookkeeper locks the journal up to a day (a month's or a VAT quarter's end): manual
// entries dated in it are refused, automatic bookings dated in it go to the first open day.
// A lock only moves forward here; unlocking is the admin's (PATCH /api/v1/settings, audited).
import { eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { auditLog, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export async function lockPeriod({ ctx, input }: { ctx: ServiceContext; input: { until: string } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [tenant] = await tx.select({ closedUntil: tenants.booksClosedUntil }).from(tenants).where(eq(tenants.id, ctx.tenantId)).for('update');
    if (!tenant) throw notFound('The tenant');
    if (tenant.closedUntil && input.until < tenant.closedUntil) {
      throw new DomainError('conflict', `The books are locked up to ${tenant.closedUntil}; only an admin can unlock them (PATCH /api/v1/settings booksClosedUntil).`, {
        errors: [{ field: 'until', message: `must be on or after ${tenant.closedUntil}` }],
      });
    }
    if (tenant.closedUntil !== input.until) {
      await tx.update(tenants).set({ booksClosedUntil: input.until }).where(eq(tenants.id, ctx.tenantId));
      await tx.insert(auditLog).values({ tenantId: ctx.tenantId, actorUserId: ctx.userId, action: 'books_closed_until.changed', details: { from: tenant.closedUntil, to: input.until } });
    }
    return { closedUntil: input.until };
  });
}
