// The Saferpay simulator's memory: its customers and terminals (configured, never known to
// the client) and the payment pages and transactions it has handed out.

export interface SandboxTerminal {
  terminalId: string;
  /** The currencies each method's acquiring contract covers: a terminal's contracts are per method. */
  paymentMethods: Record<string, string[]>;
}

export interface SandboxCustomer {
  customerId: string;
  username: string;
  password: string;
  terminals: SandboxTerminal[];
}

export interface SaferpaySandboxConfig {
  customers: SandboxCustomer[];
  /** How long a payment page may be opened, as Saferpay's Expiration. */
  tokenLifetimeMs: number;
}

export const defaultSaferpaySandbox: SaferpaySandboxConfig = {
  customers: [
    {
      customerId: '245000',
      username: 'API_245000_17795278',
      password: 'sandbox-JsonApiPwd1',
      // As Saferpay's test terminals: TWINT in CHF only, the cards in CHF and EUR.
      terminals: [{ terminalId: '17795278', paymentMethods: { VISA: ['CHF', 'EUR'], MASTERCARD: ['CHF', 'EUR'], TWINT: ['CHF'] } }],
    },
  ],
  tokenLifetimeMs: 60 * 60_000,
};

export type NotifyMode = 'normal' | 'late' | 'twice' | 'none';

export interface SandboxRefund {
  id: string;
  amount: number;
  orderId: string;
  state: 'AUTHORIZED' | 'CAPTURED' | 'CANCELED';
}

export interface SandboxPayment {
  token: string;
  customerId: string;
  terminalId: string;
  amount: number;
  currency: string;
  orderId: string;
  description: string;
  methods: string[];
  returnUrl: string;
  successNotifyUrl: string | null;
  failNotifyUrl: string | null;
  expiresAt: number;
  /** page_open until the payer acts. */
  state: 'page_open' | 'AUTHORIZED' | 'CAPTURED' | 'PENDING' | 'CANCELED' | 'declined' | 'aborted';
  transactionId: string;
  captureId: string | null;
  brand: string | null;
  refunds: SandboxRefund[];
}

export class SaferpaySandboxState {
  readonly payments = new Map<string, SandboxPayment>();

  constructor(readonly config: SaferpaySandboxConfig) {}

  customer(customerId: string) {
    return this.config.customers.find((c) => c.customerId === customerId) ?? null;
  }

  byTransactionId(id: string) {
    for (const payment of this.payments.values()) {
      if (payment.transactionId === id) return { payment, refund: null };
      const refund = payment.refunds.find((r) => r.id === id);
      if (refund) return { payment, refund };
    }
    return null;
  }

  /** Transaction references name a transaction by its id or by the merchant's order id. */
  byReference(reference: { TransactionId?: string; OrderId?: string }) {
    if (reference.TransactionId) return this.byTransactionId(reference.TransactionId);
    for (const payment of this.payments.values()) {
      const refund = payment.refunds.find((r) => r.orderId === reference.OrderId);
      if (refund) return { payment, refund };
      if (payment.orderId === reference.OrderId && payment.state !== 'page_open') return { payment, refund: null };
    }
    return null;
  }

  byCaptureId(captureId: string) {
    for (const payment of this.payments.values()) if (payment.captureId === captureId) return payment;
    return null;
  }
}

/** Saferpay ids are 28 alphanumerics in its examples. */
export function saferpayId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(28));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
