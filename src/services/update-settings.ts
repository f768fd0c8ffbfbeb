// Tenant settings. Every change is audited in the same transaction (the system account and
// the closed period each as their own action, the rest as settings.changed with the values
// before and after), and a new system account comes with a warning: past automatic
// bookings stay where they are.
import { and, eq } from 'drizzle-orm';
import { type Tx, withTransaction } from '../db/client.js';
import { type AuditAction, changesOf, recordAudit } from '../audit/record.js';
import { accounts, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export interface SettingsPatch {
  name?: string;
  street?: string | null;
  buildingNumber?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string;
  email?: string | null;
  iban?: string | null;
  vatNumber?: string | null;
  systemAccount?: string;
  booksClosedUntil?: string | null;
  swissBillingCategory?: string;
}

export const systemAccountWarning =
  'The system account changed. Automatic bookings made before this change stay on the previous account; ' +
  'only new payments are booked on the new one. Reconciling provider payouts across both accounts is ' +
  'harder and the trail from payment to payout is less direct.';

export async function updateSettings({ ctx, input }: { ctx: ServiceContext; input: SettingsPatch }) {
  return withTransaction(ctx.db, async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, ctx.tenantId)).for('update');
    if (!before) throw notFound('The tenant');
    const warnings: string[] = [];

    if (input.systemAccount !== undefined && input.systemAccount !== before.systemAccount) {
      const [account] = await tx
        .select({ kind: accounts.kind })
        .from(accounts)
        .where(and(eq(accounts.tenantId, ctx.tenantId), eq(accounts.number, input.systemAccount)));
      if (account?.kind !== 'asset') {
        throw new DomainError('account_unknown', `The system account must be an existing asset account.`, {
          errors: [
            {
              field: 'systemAccount',
              message: `${input.systemAccount} is not an asset account of this tenant`,
            },
          ],
        });
      }
      await audit(ctx, tx, 'system_account.changed', { from: before.systemAccount, to: input.systemAccount });
      warnings.push(systemAccountWarning);
    }
    if (input.booksClosedUntil !== undefined && input.booksClosedUntil !== before.booksClosedUntil) {
      await audit(ctx, tx, 'books_closed_until.changed', {
        from: before.booksClosedUntil,
        to: input.booksClosedUntil,
      });
    }
    // An empty PATCH changes nothing (an UPDATE without columns is no SQL at all).
    if (Object.values(input).every((value) => value === undefined)) return { settings: before, warnings };
    const [after] = await tx.update(tenants).set(input).where(eq(tenants.id, ctx.tenantId)).returning();
    if (!after) throw notFound('The tenant');
    const changes = changesOf(before, after, settingsFields);
    if (Object.keys(changes).length > 0) await audit(ctx, tx, 'settings.changed', { changes });
    return { settings: after, warnings };
  });
}

/** Audited as settings.changed; the system account and the closed period have actions of their own. */
const settingsFields = ['name', 'street', 'buildingNumber', 'postalCode', 'city', 'country', 'email', 'iban', 'vatNumber', 'swissBillingCategory'] as const satisfies readonly (keyof SettingsPatch)[];

function audit(ctx: ServiceContext, tx: Tx, action: AuditAction, details: Record<string, unknown>) {
  return recordAudit(tx, { tenantId: ctx.tenantId, actorUserId: ctx.userId, action, details });
}
