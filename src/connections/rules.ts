// What each provider offers, and the currency rule every attachment checks.
import { DomainError } from '../errors.js';

export const providers = ['saferpay', 'postfinance'] as const;
export type Provider = (typeof providers)[number];
export const environments = ['sandbox', 'test', 'live'] as const;

export const providerMethods = {
  saferpay: ['VISA', 'MASTERCARD', 'TWINT'],
  postfinance: ['SWISSBILLING'],
} as const satisfies Record<Provider, readonly string[]>;

export const paymentMethods = ['VISA', 'MASTERCARD', 'TWINT', 'SWISSBILLING'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Currencies a contract can enable: CHF by default, the others once the provider activates them. */
export const providerCurrencies: Record<Provider, readonly string[]> = {
  saferpay: ['CHF', 'EUR', 'GBP', 'USD'],
  // SwissBilling (pay by invoice) is a Swiss credit product: CHF only.
  postfinance: ['CHF'],
};

export const providerNames: Record<Provider, string> = {
  saferpay: 'Worldline Saferpay',
  postfinance: 'SwissBilling (PostFinance e-Payment)',
};

export interface ConnectionLike {
  id: string;
  label: string;
  provider: Provider;
  currencies: string[];
}

export function assertCurrencyEnabled(connection: ConnectionLike, currency: string, field: string): void {
  if (connection.currencies.includes(currency)) return;
  throw new DomainError(
    'currency_not_enabled',
    `The payment service "${connection.label}" (${providerNames[connection.provider]}) has the currencies ` +
      `${connection.currencies.join(', ')} enabled; this invoice is in ${currency}. ` +
      `Ask the provider to activate ${currency} for your contract, then enable it on the connection.`,
    {
      errors: [{ field, message: `${currency} is not enabled for this payment service` }],
      connectionId: connection.id,
      enabledCurrencies: connection.currencies,
    },
  );
}
