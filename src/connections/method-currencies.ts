// A connection's contract per payment method: which currencies each method can take. TWINT
// is CHF only while cards may have CHF and EUR, so "the connection has EUR" is not enough.
import type { connections } from '../db/schema.js';
import type { PayChoice, PaymentAdapter } from '../providers/types.js';

type ContractOf = Pick<typeof connections.$inferSelect, 'currencies' | 'methods' | 'methodCurrencies'>;
type MethodRules = Pick<PaymentAdapter, 'choices' | 'methodCurrencyLimits'>;

/**
 * What verify read from the provider (or the admin recorded) for the method, else the
 * enabled currencies the method can exist in at all. Never more than the connection enables:
 * the admin's switch wins over a contract.
 */
export function currenciesOfMethod(rules: MethodRules, connection: ContractOf, method: string): string[] {
  if (!connection.methods.includes(method)) return [];
  const recorded = connection.methodCurrencies[method];
  const limit = rules.methodCurrencyLimits?.[method];
  return connection.currencies.filter((currency) => (recorded ? recorded.includes(currency) : !limit || limit.includes(currency)));
}

/** The provider's methods behind one button whose contract covers the currency. */
export function methodsCovering(rules: MethodRules, connection: ContractOf, choice: PayChoice, currency: string): string[] {
  return (rules.choices[choice] ?? []).filter((method) => currenciesOfMethod(rules, connection, method).includes(currency));
}

export interface ContractGap {
  method: string;
  currency: string;
}

/** Every enabled method and enabled currency its contract does not cover. */
export function contractGaps(rules: MethodRules, connection: ContractOf): ContractGap[] {
  return connection.methods.flatMap((method) => {
    const covered = currenciesOfMethod(rules, connection, method);
    return connection.currencies.filter((currency) => !covered.includes(currency)).map((currency) => ({ method, currency }));
  });
}
