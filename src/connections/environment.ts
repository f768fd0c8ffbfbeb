// Which environments a connection may have here. A sandbox connection talks to a simulator,
// so it exists and is used only while this server runs the simulators (AppDeps.sandbox);
// only a sandbox may name another simulator's base URL. Test and live always call the
// providers' official hosts (providers/endpoints.ts), so no admin can aim them elsewhere.
import { DomainError } from '../errors.js';
import { usableNow } from '../providers/endpoints.js';

type Environment = 'sandbox' | 'test' | 'live';

export function sandboxDisabled(fields: string[], what: string): DomainError {
  return new DomainError('sandbox_disabled', `${what}: the provider sandbox is off on this server (SANDBOX_ENABLED).`, {
    errors: fields.map((field) => ({ field, message: 'available only while the sandbox is enabled' })),
  });
}

/** Before any provider call (verify, refund, cancel): a sandbox connection needs the simulators. */
export function assertUsableNow(connection: { environment: Environment }, sandboxEnabled: boolean): void {
  if (!usableNow(connection, sandboxEnabled)) throw sandboxDisabled(['environment'], 'This sandbox payment service is not used');
}

/** What a connection will be after a create or a change; `baseUrlSent` only when the request named one. */
export function assertEnvironmentAllowed(next: { environment: Environment; baseUrlSent: boolean }, sandboxEnabled: boolean): void {
  if (next.environment !== 'sandbox' && next.baseUrlSent) {
    throw new DomainError('base_url_not_allowed', `A ${next.environment} payment service always uses the provider's official host.`, {
      errors: [{ field: 'credentials.baseUrl', message: 'allowed for sandbox payment services only; leave it out' }],
    });
  }
  if (next.environment === 'sandbox' && !sandboxEnabled) {
    const fields = next.baseUrlSent ? ['environment', 'credentials.baseUrl'] : ['environment'];
    throw sandboxDisabled(fields, 'A sandbox payment service cannot be set up or changed');
  }
}
