// How a connection's payouts are recognised on the bank statement; audited, as it decides
// which money clears the system account.
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { auditLog, connections } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export interface PayoutRecognition {
  ibans: string[];
  patterns: string[];
  windowDays?: number;
  payoutAfterDays?: number;
}

export async function savePayoutRecognition({ ctx, input }: { ctx: ServiceContext; input: { connectionId: string; recognition: PayoutRecognition } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [saved] = await tx
      .update(connections)
      .set({ payoutRecognition: input.recognition })
      .where(and(eq(connections.tenantId, ctx.tenantId), eq(connections.id, input.connectionId)))
      .returning({ payoutRecognition: connections.payoutRecognition });
    if (!saved) throw notFound('The connection');
    await tx.insert(auditLog).values({
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'connection.payout_recognition.changed',
      details: { connectionId: input.connectionId, ...input.recognition },
    });
    return saved.payoutRecognition;
  });
}
