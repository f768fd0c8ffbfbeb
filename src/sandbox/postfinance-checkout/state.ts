// The PostFinance Checkout simulator's memory: its spaces (with their payment method
// configurations), application users with their roles, and the transactions and refunds
// it has handed out. Ids are numbers, as on the platform.

export interface SandboxSpace {
  spaceId: string;
  name: string;
  /** The space's payment method configurations; the hosted page offers those a transaction allows. */
  methodConfigurations: { id: number; name: string; currencies: string[] }[];
}

export interface SandboxUser {
  userId: string;
  /** base64 of 32 bytes, as the portal hands it out. */
  authenticationKey: string;
  /** Spaces on which the user has a role (on them and their account). */
  spaceIds: string[];
}

export interface PostFinanceCheckoutSandboxConfig {
  spaces: SandboxSpace[];
  users: SandboxUser[];
}

export const defaultPostFinanceCheckoutSandbox: PostFinanceCheckoutSandboxConfig = {
  spaces: [
    {
      spaceId: '405',
      name: 'Sandbox shop',
      methodConfigurations: [
        { id: 1, name: 'PostFinance Card', currencies: ['CHF', 'EUR'] },
        { id: 2, name: 'PostFinance E-Finance', currencies: ['CHF'] },
        { id: 3, name: 'Visa', currencies: ['CHF', 'EUR', 'USD'] },
        { id: 4, name: 'Mastercard', currencies: ['CHF', 'EUR', 'USD'] },
        { id: 5, name: 'TWINT', currencies: ['CHF'] },
      ],
    },
    // Checkout Flex without a TWINT contract: verify must say so.
    { spaceId: '406', name: 'Sandbox shop without TWINT', methodConfigurations: [{ id: 11, name: 'PostFinance Card', currencies: ['CHF'] }] },
  ],
  users: [
    { userId: '512', authenticationKey: 'c2FuZGJveC1wZmMtYXV0aGVudGljYXRpb24ta2V5ISE=', spaceIds: ['405', '406'] },
    // A user nobody gave a role: every call answers 403.
    { userId: '513', authenticationKey: 'c2FuZGJveC1wZmMtdXNlci13aXRob3V0LXJvbGVzISE=', spaceIds: [] },
  ],
};

export type TransactionState = 'PENDING' | 'CONFIRMED' | 'PROCESSING' | 'FAILED' | 'AUTHORIZED' | 'VOIDED' | 'COMPLETED' | 'FULFILL' | 'DECLINE';
export type WebhookMode = 'once' | 'twice' | 'late' | 'out_of_order' | 'never';

export interface SandboxTransaction {
  id: number;
  spaceId: string;
  state: TransactionState;
  /** Minor units, checked to be the sum of the line items. */
  amount: number;
  currency: string;
  merchantReference: string;
  successUrl: string;
  failedUrl: string;
  allowed: number[];
  metaData: Record<string, string>;
  environment: 'TEST' | 'PRODUCTION';
  securityToken: string;
  failure: string | null;
  refunded: number;
  webhookUrl: string | null;
  createdOn: string;
  version: number;
}

export interface SandboxCheckoutRefund {
  id: number;
  spaceId: string;
  transactionId: number;
  externalId: string;
  amount: number;
  state: 'SUCCESSFUL' | 'PENDING' | 'FAILED' | 'MANUAL_CHECK';
}

export class CheckoutSandboxState {
  readonly transactions = new Map<number, SandboxTransaction>();
  readonly refunds: SandboxCheckoutRefund[] = [];
  /** The webhook URL registered per space (POST /webhooks/urls, or a test switch). */
  readonly webhookUrls = new Map<string, string>();
  private nextId = 100_000;
  eventId = 1;

  constructor(readonly config: PostFinanceCheckoutSandboxConfig) {}

  newId(): number {
    return this.nextId++;
  }

  space(spaceId: string) {
    return this.config.spaces.find((s) => s.spaceId === spaceId) ?? null;
  }

  user(userId: string) {
    return this.config.users.find((u) => u.userId === userId) ?? null;
  }
}
