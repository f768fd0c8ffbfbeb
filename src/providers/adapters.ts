// One adapter per provider; the payment verbs look theirs up here and have no provider cases.
import type { Provider } from '../connections/rules.js';
import { postfinanceCheckoutAdapter } from './postfinance-checkout/adapter.js';
import { postfinanceAdapter } from './postfinance/adapter.js';
import { saferpayAdapter } from './saferpay/adapter.js';
import { pageHost } from './endpoints.js';
import { stripeAdapter } from './stripe/adapter.js';
import type { PaymentAdapter } from './types.js';

export const paymentAdapters: Record<Provider, PaymentAdapter> = {
  saferpay: saferpayAdapter,
  postfinance: postfinanceAdapter,
  'postfinance-checkout': postfinanceCheckoutAdapter,
  stripe: stripeAdapter,
};

/** Every provider's official payment page origins (test and live), e.g. for the pay page's CSP. */
export const officialOrigins = (): string[] => [
  ...new Set(Object.values(paymentAdapters).flatMap(({ hosts }) => [new URL(pageHost(hosts, 'test')).origin, new URL(pageHost(hosts, 'live')).origin])),
];
