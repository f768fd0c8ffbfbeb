// Every provider answer and callback we act on is kept, secrets redacted; the first of a
// kind per reference is kept, repeats are dropped by the unique key.
import type { Provider } from '../connections/rules.js';
import type { Tx } from '../db/client.js';
import { providerEvents } from '../db/schema.js';

const secretKeys = /pass(word)?|secret|token|authorization|shasign|pswd/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, secretKeys.test(key) ? '[redacted]' : redact(v)]),
    );
  }
  return value;
}

export async function recordProviderEvent(
  tx: Tx,
  event: { tenantId: string; attemptId: string | null; provider: Provider; kind: string; reference: string; payload: unknown },
): Promise<boolean> {
  const inserted = await tx
    .insert(providerEvents)
    .values({ ...event, payload: redact(event.payload) as Record<string, unknown> })
    .onConflictDoNothing()
    .returning({ id: providerEvents.id });
  return inserted.length > 0;
}
