// Imports a camt.053 or camt.054 document: each statement (or notification) once per
// account and id, each line once per identity (reconciliation/entry-identity.ts), and each
// new credit is matched in the same transaction: an invoice's reference pays the invoice,
// a provider's payout gets a proposal, anything else waits for a bookkeeper.
import { and, eq, inArray } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { bankEntries, bankStatements, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { bankAccountOf } from '../reconciliation/bank-account-of.js';
import { parseCamt } from '../reconciliation/camt-parse.js';
import { lineIdentities } from '../reconciliation/entry-identity.js';
import { payInvoiceByTransfer } from '../reconciliation/pay-invoice-by-transfer.js';
import { proposePayout } from '../reconciliation/propose-payout.js';
import { recordEvent } from '../webhooks/record-event.js';
import type { ServiceContext } from './context.js';

export async function importBankStatement({ ctx, input }: { ctx: ServiceContext; input: { xml: string } }) {
  const parsed = parseCamt(input.xml);
  return withTransaction(ctx.db, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, ctx.tenantId));
    if (!tenant) throw notFound('The tenant');
    const results = [];
    for (const [index, statement] of parsed.entries()) {
      const account = await bankAccountOf(tx, ctx.tenantId, statement.accountIban);
      if (!account) {
        const field = `${statement.kind === 'camt.053' ? 'Document/BkToCstmrStmt/Stmt' : 'Document/BkToCstmrDbtCdtNtfctn/Ntfctn'}[${index + 1}]/Acct/Id/IBAN`;
        throw new DomainError(
          'bank_account_unknown',
          `${statement.accountIban} is not one of this tenant's bank accounts; add it under /api/v1/bank-accounts or as the tenant's IBAN first.`,
          { errors: [{ field, message: `${statement.accountIban} is not a bank account of this tenant` }] },
        );
      }
      const identity = { tenantId: ctx.tenantId, accountIban: statement.accountIban, kind: statement.kind, documentId: statement.documentId };
      const [inserted] = await tx
        .insert(bankStatements)
        .values({
          ...identity,
          namespace: statement.namespace,
          messageId: statement.messageId,
          ledgerAccount: account.ledgerAccount,
          currency: statement.currency,
          fromDate: statement.fromDate,
          toDate: statement.toDate,
          openingBalance: statement.openingBalance,
          closingBalance: statement.closingBalance,
          createdByUserId: ctx.userId,
        })
        .onConflictDoNothing()
        .returning({ id: bankStatements.id });
      const statementId =
        inserted?.id ??
        (
          await tx
            .select({ id: bankStatements.id })
            .from(bankStatements)
            .where(and(eq(bankStatements.tenantId, ctx.tenantId), eq(bankStatements.accountIban, statement.accountIban), eq(bankStatements.kind, statement.kind), eq(bankStatements.documentId, statement.documentId)))
        )[0]!.id;
      const identities = await lineIdentities(statement.accountIban, statement.lines);
      const fresh =
        statement.lines.length === 0
          ? []
          : await tx
              .insert(bankEntries)
              .values(
                statement.lines.map(({ path: _path, ...line }, position) => ({
                  ...line,
                  tenantId: ctx.tenantId,
                  statementId,
                  identity: identities[position]!,
                  accountIban: statement.accountIban,
                  ledgerAccount: account.ledgerAccount,
                })),
              )
              .onConflictDoNothing()
              .returning();
      for (const line of fresh) {
        const match = (await payInvoiceByTransfer(tx, tenant, line, ctx.now())) ??
          (await proposePayout(tx, line)) ?? { status: 'unmatched' as const, note: line.reference ? `The reference ${line.reference} is no invoice's.` : 'Nothing recognised: book it by hand.' };
        await tx
          .update(bankEntries)
          .set({ status: match.status, note: match.note, invoiceId: match.invoiceId ?? null, journalEntryId: match.journalEntryId ?? null, updatedAt: ctx.now() })
          .where(eq(bankEntries.id, line.id));
      }
      const stored = fresh.length === 0 ? [] : await tx.select().from(bankEntries).where(inArray(bankEntries.id, fresh.map((line) => line.id)));
      // A document imported again with nothing new is no event.
      if (inserted || fresh.length > 0) {
        const count = (status: string) => stored.filter((entry) => entry.status === status).length;
        await recordEvent(tx, {
          tenantId: ctx.tenantId,
          type: 'bank_statement.imported',
          data: {
            statementId,
            kind: statement.kind,
            accountIban: statement.accountIban,
            currency: statement.currency,
            fromDate: statement.fromDate,
            toDate: statement.toDate,
            entries: fresh.length,
            matched: stored.length - count('unmatched'),
            unmatched: count('unmatched'),
          },
          now: ctx.now(),
        });
      }
      results.push({
        id: statementId,
        kind: statement.kind,
        accountIban: statement.accountIban,
        duplicate: !inserted,
        imported: fresh.length,
        alreadyImported: statement.lines.length - fresh.length,
        skipped: statement.skipped,
        entries: stored,
      });
    }
    return { statements: results, created: results.some((result) => result.imported > 0 || !result.duplicate) };
  });
}
