// Which buttons (CARD, TWINT, SWISSBILLING) an invoice offers. The one answer that the pay
// page, starting a payment, the e-mail and the PDF share, so no text promises a method the
// payer cannot use.
import { and, asc, eq } from 'drizzle-orm';
import { methodsCovering } from '../connections/method-currencies.js';
import type { Queryable } from '../db/client.js';
import { connections, invoicePaymentServices, paymentAttempts } from '../db/schema.js';
import { paymentAdapters } from '../providers/adapters.js';
import { usableNow } from '../providers/endpoints.js';
import type { PayChoice } from '../providers/types.js';

type Connection = typeof connections.$inferSelect;

export interface OfferedChoice {
  connectionId: string;
  provider: Connection['provider'];
  environment: Connection['environment'];
  choice: PayChoice;
  /** The provider's methods behind the button whose contract covers the currency (VISA, MASTERCARD). */
  methods: string[];
}

/** A button the provider answered NO_CONTRACT for on this invoice: it stays away. */
export interface NoContract {
  connectionId: string;
  method: string;
}

/**
 * A button for each attached connection's choice whose contract covers the currency. A
 * connection without credentials yet cannot take a payment, so it offers none; neither does
 * a sandbox connection while this server runs no simulators.
 */
export function offeredChoices(rows: Connection[], currency: string, noContract: NoContract[], sandboxEnabled: boolean): OfferedChoice[] {
  return rows
    .filter((row) => row.sealedSecrets && usableNow(row, sandboxEnabled))
    .flatMap((row) => {
      const adapter = paymentAdapters[row.provider];
      return (Object.keys(adapter.choices) as PayChoice[]).flatMap((choice) => {
        const methods = methodsCovering(adapter, row, choice, currency);
        const refused = noContract.some((n) => n.connectionId === row.id && n.method === choice);
        if (methods.length === 0 || refused) return [];
        return [{ connectionId: row.id, provider: row.provider, environment: row.environment, choice, methods }];
      });
    });
}

export async function loadOfferedChoices(db: Queryable, invoice: { id: string; tenantId: string; currency: string }, sandboxEnabled: boolean) {
  const attached = await db
    .select({ connection: connections })
    .from(invoicePaymentServices)
    .innerJoin(connections, eq(connections.id, invoicePaymentServices.connectionId))
    .where(and(eq(invoicePaymentServices.invoiceId, invoice.id), eq(connections.tenantId, invoice.tenantId)))
    .orderBy(asc(connections.createdAt));
  const noContract = await db
    .select({ connectionId: paymentAttempts.connectionId, method: paymentAttempts.method })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.invoiceId, invoice.id), eq(paymentAttempts.failureCode, 'NO_CONTRACT')));
  return offeredChoices(
    attached.map((a) => a.connection),
    invoice.currency,
    noContract,
    sandboxEnabled,
  );
}

/** The distinct buttons, in order: what the texts name. */
export const choicesOf = (offered: OfferedChoice[]): PayChoice[] => [...new Set(offered.map((o) => o.choice))];
