// What the payment flows need: the database, the clock, outbound HTTP and the vault.
import type { AppDeps } from '../deps.js';
import type { ProviderCallContext } from '../providers/call-context.js';

export type PaymentDeps = Pick<AppDeps, 'db' | 'logger' | 'publicBaseUrl' | 'now' | 'secretBox' | 'waitUntil'> &
  ProviderCallContext & {
    payerWaitMs: number;
    /** Whether the provider simulators run here; without them sandbox connections are not used. */
    sandboxEnabled: boolean;
  };

export function paymentDeps(deps: AppDeps): PaymentDeps {
  return {
    db: deps.db,
    logger: deps.logger,
    publicBaseUrl: deps.publicBaseUrl,
    now: deps.now,
    secretBox: deps.secretBox,
    waitUntil: deps.waitUntil,
    fetch: deps.fetch ?? fetch,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    payerWaitMs: deps.payerWaitMs ?? 8_000,
    sandboxEnabled: sandboxEnabled(deps),
  };
}

/** The one place that decides whether the sandbox is on: the simulators were handed in. */
export const sandboxEnabled = (deps: Pick<AppDeps, 'sandbox'>): boolean => deps.sandbox != null;
