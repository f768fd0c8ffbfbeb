// DirectLink maintenance for one connection: the operation, then a querydirect for where
// the order stands. The platform answers maintenance with a pending status (91, 81, 61) and
// reports the final one (9, 8, 6) later, so the querydirect's status is what counts. A
// repeated maintenance answers NCERROR 50001127 ("not in a correct status"): that is not a
// failure when the querydirect shows the operation already done.
import type { connections } from '../../db/schema.js';
import { connectionBaseUrl } from '../endpoints.js';
import { directLinkCredentials, postfinanceAccess, postfinanceHosts } from './credentials.js';
import { type NcResponse, createDirectLinkClient, ncErrorAlreadyDone } from './directlink.js';
import { ProviderError } from '../types.js';
import type { PaymentDeps } from '../../payments/deps.js';

type Connection = typeof connections.$inferSelect;
export type Operation = 'SAS' | 'RFS' | 'DES';

export async function directLinkFor(deps: PaymentDeps, connection: Connection) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const baseUrl = connectionBaseUrl(postfinanceHosts, connection, deps);
  return createDirectLinkClient(directLinkCredentials(await postfinanceAccess(connection, deps.secretBox), baseUrl), deps);
}

export const finalStatus: Record<Operation, number> = { SAS: 9, RFS: 8, DES: 6 };
export const pendingStatuses: Record<Operation, number[]> = { SAS: [91, 92], RFS: [81, 82], DES: [61, 62] };

const succeeded = (answer: NcResponse) => answer.ncError === '' || answer.ncError === '0';

export async function maintainAndQuery(
  deps: PaymentDeps,
  connection: Connection,
  input: { payId: string; operation: Operation; amount: number },
): Promise<{ maintenance: NcResponse; status: NcResponse }> {
  const client = await directLinkFor(deps, connection);
  const maintenance = await client.maintain(input);
  if (!succeeded(maintenance) && maintenance.ncError !== ncErrorAlreadyDone) {
    // NCERROR class 2 (NCSTATUS 2) is the platform's "uncertain": the operation may yet happen.
    const outcome = maintenance.ncError.startsWith('2') ? 'unknown' : 'refused';
    throw new ProviderError('postfinance', maintenance.ncError, maintenance.ncErrorPlus || `PostFinance refused ${input.operation}.`, null, maintenance.raw, outcome);
  }
  const status = await client.query({ payId: input.payId });
  const done = status.status === finalStatus[input.operation] || pendingStatuses[input.operation].includes(status.status ?? -1);
  if (maintenance.ncError === ncErrorAlreadyDone && !done) {
    // 50001127 and the order is not where this operation leads: a real refusal.
    throw new ProviderError('postfinance', ncErrorAlreadyDone, `${maintenance.ncErrorPlus || 'Order not in a correct status'} (STATUS ${status.status ?? '?'}).`, null, status.raw);
  }
  return { maintenance, status };
}
