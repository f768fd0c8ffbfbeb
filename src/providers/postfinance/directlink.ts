// DirectLink (server to server): maintenance (SAS capture, RFS refund, DES cancel) and
// querydirect. The XML `ncresponse` is read tolerantly: attribute names in any case, in any
// order, unknown attributes ignored.
import { readBoundedText } from '../bounded-body.js';
import type { ProviderCallContext } from '../call-context.js';
import { ProviderError } from '../types.js';
import { type HashAlgorithm, signShaIn } from './signature.js';

export interface DirectLinkCredentials {
  /** e.g. https://e-payment.postfinance.ch/ncol/test */
  baseUrl: string;
  pspid: string;
  userId: string;
  password: string;
  /** The DirectLink SHA-IN passphrase (a separate back-office field). */
  passphrase: string;
  algorithm: HashAlgorithm;
}

export interface NcResponse {
  orderId: string | null;
  payId: string | null;
  payIdSub: string | null;
  status: number | null;
  ncError: string;
  ncErrorPlus: string;
  /** Decimal as the platform writes it, e.g. "107.7". */
  amount: string | null;
  currency: string | null;
  raw: Record<string, string>;
}

export function parseNcResponse(xml: string): NcResponse {
  const tag = /<ncresponse\b([^>]*)\/?>/i.exec(xml);
  if (!tag) {
    throw new ProviderError('postfinance', 'UNEXPECTED_RESPONSE', 'PostFinance answered without an ncresponse.', null, { xml: xml.slice(0, 200) }, 'unknown');
  }
  const raw: Record<string, string> = {};
  for (const match of tag[1]!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    raw[match[1]!.toUpperCase()] = decodeEntities(match[3] ?? match[4] ?? '');
  }
  const status = raw.STATUS !== undefined && raw.STATUS !== '' ? Number(raw.STATUS) : null;
  return {
    orderId: raw.ORDERID ?? null,
    payId: raw.PAYID ?? null,
    payIdSub: raw.PAYIDSUB ?? null,
    status: Number.isFinite(status) ? status : null,
    ncError: raw.NCERROR ?? '',
    ncErrorPlus: raw.NCERRORPLUS ?? '',
    amount: raw.AMOUNT ?? null,
    currency: raw.CURRENCY ?? null,
    raw,
  };
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!);
}

export const ncErrorAlreadyDone = '50001127';

export function createDirectLinkClient(credentials: DirectLinkCredentials, context: ProviderCallContext) {
  async function post(path: string, params: Record<string, string>): Promise<NcResponse> {
    const signed = { ...params, PSPID: credentials.pspid, USERID: credentials.userId, PSWD: credentials.password };
    const SHASIGN = await signShaIn(signed, credentials.passphrase, credentials.algorithm);
    let response: Response;
    try {
      response = await context.fetch(`${credentials.baseUrl}/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...signed, SHASIGN }).toString(),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ProviderError('postfinance', 'COMMUNICATION_FAILED', 'PostFinance could not be reached.', null, { cause: String(error) }, 'unknown');
    }
    // At most 1 MiB: beyond that (or a body that broke off) no answer came.
    const text = await readBoundedText(response).catch((error: unknown) => {
      throw new ProviderError('postfinance', 'COMMUNICATION_FAILED', 'PostFinance could not be reached.', response.status, { cause: String(error) }, 'unknown');
    });
    if (!response.ok) {
      const outcome = response.status >= 500 ? 'unknown' : 'refused';
      throw new ProviderError('postfinance', `HTTP_${response.status}`, `PostFinance answered HTTP ${response.status}.`, response.status, {}, outcome);
    }
    return parseNcResponse(text);
  }

  return {
    /** SAS (full capture), RFS (full refund) or DES (cancel before capture). */
    maintain: (input: { payId: string; operation: 'SAS' | 'RFS' | 'DES'; amount: number }) =>
      post('maintenancedirect.asp', { PAYID: input.payId, OPERATION: input.operation, AMOUNT: String(input.amount) }),
    query: (input: { payId?: string; orderId?: string }) =>
      post('querydirect.asp', input.payId ? { PAYID: input.payId } : { ORDERID: input.orderId ?? '' }),
  };
}

export type DirectLinkClient = ReturnType<typeof createDirectLinkClient>;

/** "107.7" → 10770: feedback amounts are decimals with a point; exact, without floats. */
export function decimalToMinor(amount: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
