// Feedback as the platform sends it: mixed-case names, decimal amount, MM/DD/YY date, SHA-OUT.
import { formatMinor } from '../../ledger/currencies.js';
import { signShaOut } from '../../providers/postfinance/signature.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import type { PostSaleMode, SandboxOrder } from './state.js';

/** "107.70" → "107.7": the platform writes decimals without trailing zeros. */
export const platformAmount = (order: SandboxOrder) => formatMinor(order.amount, order.currency).replace(/\.?0+$/, '');

export async function feedbackFor(order: SandboxOrder, now: Date): Promise<Record<string, string>> {
  const date = `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}/${String(now.getUTCFullYear()).slice(2)}`;
  const params: Record<string, string> = {
    orderID: order.orderId,
    currency: order.currency,
    amount: platformAmount(order),
    PM: 'SwissBilling',
    ACCEPTANCE: order.status === 5 || order.status === 9 ? 'SB-TEST' : '',
    STATUS: String(order.status),
    CARDNO: '',
    PAYID: order.payId,
    NCERROR: order.status === 2 ? '30001001' : '0',
    BRAND: 'SwissBilling',
    TRXDATE: date,
  };
  if (order.fields.COMPLUS) params.COMPLUS = order.fields.COMPLUS;
  params.SHASIGN = await signShaOut(params, order.account.shaOut, order.account.algorithm);
  return params;
}

export function postSale(notifier: SandboxNotifier, url: string, params: Record<string, string>, mode: PostSaleMode) {
  if (mode === 'lost') return;
  const send = async () => {
    // The platform retries a failed online request later (every 10 minutes, at most 4 times).
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const response = await notifier.fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
        });
        if (response.status < 400) return;
      } catch {
        // unreachable: try again
      }
    }
  };
  const delay = mode === 'deferred' ? notifier.lateNotifyMs : 0;
  notifier.defer(send, delay);
  if (mode === 'repeated') notifier.defer(send, delay);
}
