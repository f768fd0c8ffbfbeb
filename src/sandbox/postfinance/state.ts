// The PostFinance simulator's back office (accounts, passphrases, post-sale URL) and its orders.
import type { HashAlgorithm } from '../../providers/postfinance/signature.js';

export interface SandboxAccount {
  pspid: string;
  shaIn: string;
  shaOut: string;
  algorithm: HashAlgorithm;
  userId: string;
  password: string;
  directLinkPassphrase: string;
  currencies: string[];
  /** Back-office post-sale URL, relative to the service; <PARAMVAR> is replaced. */
  postSaleUrl: string;
}

export interface PostFinanceSandboxConfig {
  accounts: SandboxAccount[];
}

export const defaultPostFinanceSandbox: PostFinanceSandboxConfig = {
  accounts: [
    {
      pspid: 'DEMOSWISSBILLING',
      shaIn: 'sandbox-Sha-In-Passphrase-1',
      shaOut: 'sandbox-Sha-Out-Passphrase-1',
      algorithm: 'SHA-512',
      userId: 'DEMOAPIUSER',
      password: 'sandbox-Api-Password-1',
      directLinkPassphrase: 'sandbox-DirectLink-Passphrase-1',
      currencies: ['CHF'],
      postSaleUrl: '/callbacks/postfinance/<PARAMVAR>',
    },
  ],
};

/** The connection credentials that talk to this simulated account (demo tenant, tests). */
export function connectionCredentialsOf(account: SandboxAccount) {
  return {
    pspid: account.pspid,
    userId: account.userId,
    password: account.password,
    shaIn: account.shaIn,
    shaOut: account.shaOut,
    directLinkPassphrase: account.directLinkPassphrase,
    hashAlgorithm: account.algorithm,
  };
}

export type PostSaleMode = 'online' | 'deferred' | 'repeated' | 'lost';

export interface SandboxOrder {
  key: string;
  account: SandboxAccount;
  fields: Record<string, string>;
  orderId: string;
  amount: number;
  currency: string;
  status: number;
  payId: string;
  payIdSub: number;
  /** Why SwissBilling's credit check refuses, if it does. */
  refusal: string | null;
}

export class PostFinanceSandboxState {
  readonly orders = new Map<string, SandboxOrder>();
  // PAYIDs are unique on the platform. A random start keeps them unique across restarts
  // and across simulators sharing one database, so a querydirect by an old PAYID never
  // finds a newer order.
  private nextPayId = 3_000_000_000 + crypto.getRandomValues(new Uint32Array(1))[0]!;

  constructor(readonly config: PostFinanceSandboxConfig) {}

  account(pspid: string | undefined) {
    return this.config.accounts.find((a) => a.pspid === pspid) ?? null;
  }

  newPayId(): string {
    return String(this.nextPayId++);
  }

  byPayId(payId: string) {
    for (const order of this.orders.values()) if (order.payId === payId) return order;
    return null;
  }

  byOrderId(pspid: string, orderId: string) {
    for (const order of this.orders.values()) if (order.account.pspid === pspid && order.orderId === orderId) return order;
    return null;
  }
}
