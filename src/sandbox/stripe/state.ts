// The Stripe simulator's memory: its accounts (each with its keys, webhook signing secret,
// capabilities and payout bank account) and the sessions, PaymentIntents, charges, balance
// transactions, refunds, payouts and events it has handed out, with Stripe's id prefixes.

export interface SandboxStripeAccount {
  id: string;
  displayName: string;
  /** Secret and restricted keys; their prefix says the mode, as at Stripe. */
  secretKeys: string[];
  publishableKey: string;
  webhookSecret: string;
  livemode: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** Whether a bank account receives the payouts (external account). */
  bankAccount: boolean;
  payoutSchedule: { interval: 'daily' | 'weekly' | 'monthly' | 'manual'; delay_days: number; weekly_anchor?: string };
  capabilities: Record<string, 'active' | 'inactive'>;
  /** Stripe's fee per charge: basis points of the amount plus a fixed part in minor units. */
  fee: { bp: number; fixed: number };
}

export interface StripeSandboxConfig {
  accounts: SandboxStripeAccount[];
}

const account = (id: string, suffix: string, extra: Partial<SandboxStripeAccount> = {}): SandboxStripeAccount => ({
  id,
  displayName: 'Sandbox shop',
  secretKeys: [`sk_test_${suffix}`, `rk_test_${suffix}`],
  publishableKey: `pk_test_${suffix}`,
  webhookSecret: `whsec_${suffix}`,
  livemode: false,
  chargesEnabled: true,
  payoutsEnabled: true,
  bankAccount: true,
  payoutSchedule: { interval: 'daily', delay_days: 2 },
  capabilities: { card_payments: 'active', twint_payments: 'active' },
  fee: { bp: 290, fixed: 30 },
  ...extra,
});

export const defaultStripeSandbox: StripeSandboxConfig = {
  accounts: [
    account('acct_1SandboxShop', '51SandboxShopKey0000000001'),
    // Onboarded, but nobody added a bank account: verify must warn that the money stays at Stripe.
    account('acct_1SandboxNoBank', '51SandboxNoBankKey00000002', { displayName: 'Sandbox shop without bank', bankAccount: false, payoutsEnabled: false }),
    // A live account: its objects carry livemode true, as a live key's do at Stripe.
    account('acct_1SandboxLive', '51SandboxLiveKey0000000003', {
      displayName: 'Sandbox live shop',
      secretKeys: ['sk_live_51SandboxLiveKey0000000003'],
      publishableKey: 'pk_live_51SandboxLiveKey0000000003',
      livemode: true,
    }),
  ],
};

export type WebhookMode = 'once' | 'twice' | 'late' | 'out_of_order' | 'never';
type Json = Record<string, unknown>;

export interface SandboxSession extends Json {
  id: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  payment_intent: string | null;
  expires_at: number;
}

export class StripeSandboxState {
  readonly sessions = new Map<string, SandboxSession & { account: string }>();
  readonly intents = new Map<string, Json & { account: string }>();
  readonly charges = new Map<string, Json & { account: string }>();
  readonly balance = new Map<string, Json & { account: string; _payout: string | null }>();
  readonly refunds = new Map<string, Json & { account: string }>();
  readonly payouts = new Map<string, Json & { account: string }>();
  /** Idempotency keys per account: the first answer, replayed (spec §11). */
  readonly idempotent = new Map<string, { params: string; status: number; body: unknown }>();
  readonly webhookUrls = new Map<string, string>();
  private counter = 0;

  constructor(readonly config: StripeSandboxConfig) {}

  /** An id with Stripe's prefix and the mode in it where Stripe puts it (cs_test_…). */
  newId(prefix: string, livemode?: boolean): string {
    const random = `${(++this.counter).toString(36).padStart(6, '0')}${crypto.randomUUID().replaceAll('-', '').slice(0, 18)}`;
    return livemode === undefined ? `${prefix}_${random}` : `${prefix}_${livemode ? 'live' : 'test'}_${random}`;
  }

  accountOfKey(key: string) {
    return this.config.accounts.find((a) => a.secretKeys.includes(key)) ?? null;
  }

  account(id: string) {
    return this.config.accounts.find((a) => a.id === id) ?? null;
  }
}
