// One adapter per provider; the payment verbs look theirs up here and have no provider cases.
import type { Provider } from '../connections/rules.js';
import { postfinanceAdapter } from './postfinance/adapter.js';
import { saferpayAdapter } from './saferpay/adapter.js';
import type { PaymentAdapter } from './types.js';

export const paymentAdapters: Record<Provider, PaymentAdapter> = {
  saferpay: saferpayAdapter,
  postfinance: postfinanceAdapter,
};
