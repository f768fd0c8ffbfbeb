// What each provider offers, and the currency rule every attachment checks.
import { DomainError } from '../errors.js';

export const providers = ['saferpay', 'postfinance', 'postfinance-checkout', 'stripe'] as const;
export type Provider = (typeof providers)[number];
export const environments = ['sandbox', 'test', 'live'] as const;

export const providerMethods = {
  saferpay: ['VISA', 'MASTERCARD', 'TWINT'],
  postfinance: ['SWISSBILLING'],
  'postfinance-checkout': ['POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE', 'VISA', 'MASTERCARD', 'TWINT'],
  stripe: ['VISA', 'MASTERCARD', 'TWINT'],
} as const satisfies Record<Provider, readonly string[]>;

export const paymentMethods = ['VISA', 'MASTERCARD', 'TWINT', 'SWISSBILLING', 'POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Currencies a contract can enable: CHF by default, the others once the provider activates them. */
export const providerCurrencies: Record<Provider, readonly string[]> = {
  saferpay: ['CHF', 'EUR', 'GBP', 'USD'],
  // SwissBilling (pay by invoice) is a Swiss credit product: CHF only.
  postfinance: ['CHF'],
  // The currencies of the platform's SDK tests; which method takes which is the space's contract (verify reads it).
  'postfinance-checkout': ['CHF', 'EUR', 'USD'],
  // Stripe takes far more; these are the ones a Swiss invoice is written in (TWINT: CHF only).
  stripe: ['CHF', 'EUR', 'USD', 'GBP'],
};

export const providerNames: Record<Provider, string> = {
  saferpay: 'Worldline Saferpay',
  postfinance: 'SwissBilling (PostFinance e-Payment)',
  'postfinance-checkout': 'PostFinance Checkout',
  stripe: 'Stripe',
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

interface MethodContract {
  methods: string[];
  currencies: string[];
  methodCurrencies: Record<string, string[]>;
}

/** Per-method currencies name methods the connection has and currencies it enables, nothing else. */
export function assertMethodCurrencies({ methods, currencies, methodCurrencies }: MethodContract): void {
  for (const [method, list] of Object.entries(methodCurrencies)) {
    if (!methods.includes(method)) {
      throw new DomainError('method_not_enabled', `${method} is not a method of this payment service (${methods.join(', ')}); its currencies cannot be set.`, {
        errors: [{ field: `methodCurrencies.${method}`, message: `one of the connection's methods: ${methods.join(', ')}` }],
      });
    }
    const bad = list.findIndex((currency) => !currencies.includes(currency));
    if (bad >= 0) {
      throw new DomainError(
        'currency_not_enabled',
        `${method} cannot have ${list[bad]}: this payment service has ${currencies.join(', ')} enabled.`,
        { errors: [{ field: `methodCurrencies.${method}.${bad}`, message: `an ISO 4217 code among the connection's currencies: ${currencies.join(', ')}` }] },
      );
    }
  }
}

/**
 * After methods or currencies change: what is still enabled stays. A newly enabled currency
 * is not assumed for a method whose contract was recorded; verify reads it again.
 */
export function pruneMethodCurrencies({ methods, currencies, methodCurrencies }: MethodContract): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(methodCurrencies)
      .filter(([method]) => methods.includes(method))
      .map(([method, list]) => [method, list.filter((currency) => currencies.includes(currency))]),
  );
}
