// What every verb receives besides its input: the database, who acts, and the clock.
import type { Database } from '../db/client.js';
import type { SecretBox } from '../secret-box.js';

export interface ServiceContext {
  db: Database;
  tenantId: string;
  /** The acting user; null for automatic work (callbacks, jobs). */
  userId: string | null;
  now: () => Date;
  secretBox?: SecretBox;
  /** Whether the provider simulators run here (AppDeps.sandbox); absent means they do not. */
  sandboxEnabled?: boolean;
}

// One formatter for the process: building one costs far more than using it.
const swissDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' });

/** Today's date in Switzerland, as bookings are dated by the Swiss calendar day. */
export function swissToday(now: Date): string {
  return swissDay.format(now);
}
