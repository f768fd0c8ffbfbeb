// maintenancedirect.asp and querydirect.asp: XML answers with the platform's statuses.
// SAS (full capture only) answers 91 and later reports 9; RFS answers 81, then 8; DES
// answers 61, then 6; a repeated maintenance answers NCERROR 50001127.
import { Hono } from 'hono';
import { formatMinor } from '../../ledger/currencies.js';
import { digestsEqual, signShaIn } from '../../providers/postfinance/signature.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { feedbackFor, postSale } from './feedback.js';
import { postSaleUrlOf } from './order-page.js';
import type { PostFinanceSandboxState, SandboxAccount, SandboxOrder } from './state.js';

function ncresponse(attributes: Record<string, string | number>) {
  const text = Object.entries(attributes)
    .map(([name, value]) => `${name}="${String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('\n ');
  return `<?xml version="1.0"?><ncresponse\n ${text}/>`;
}

const orderAttributes = (order: SandboxOrder, status: number, ncError = '') => ({
  orderID: order.orderId,
  PAYID: order.payId,
  PAYIDSUB: order.payIdSub,
  NCSTATUS: ncError ? ncError[0]! : '0',
  NCERROR: ncError || '0',
  NCERRORPLUS: ncError ? 'Operation not allowed in the current status' : '!',
  ACCEPTANCE: 'SB-TEST',
  STATUS: status,
  amount: formatMinor(order.amount, order.currency).replace(/\.?0+$/, ''),
  currency: order.currency,
  PM: 'SwissBilling',
  BRAND: 'SwissBilling',
});

const transitions = {
  SAS: { from: 5, pending: 91, final: 9 },
  RFS: { from: 9, pending: 81, final: 8 },
  DES: { from: 5, pending: 61, final: 6 },
} as const;

export function postFinanceDirectLink(state: PostFinanceSandboxState, notifier: SandboxNotifier, publicBaseUrl: string, now: () => Date) {
  const api = new Hono();

  async function authenticated(form: Record<string, string>): Promise<{ error: string } | { error?: undefined; account: SandboxAccount }> {
    const account = state.account(form.PSPID);
    if (!account) return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001118', NCERRORPLUS: 'PSPID not found or not active', STATUS: 0 }) };
    if (form.USERID !== account.userId || form.PSWD !== account.password) {
      return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001119', NCERRORPLUS: 'Password incorrect or disabled', STATUS: 0 }) };
    }
    if (!form.SHASIGN || !digestsEqual(await signShaIn(form, account.directLinkPassphrase, account.algorithm), form.SHASIGN)) {
      return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001111', NCERRORPLUS: 'unknown order/1/s', STATUS: 0 }) };
    }
    return { account };
  }

  const xml = (body: string) => new Response(body, { headers: { 'Content-Type': 'text/xml; charset=utf-8' } });
  const readForm = async (request: Request) => Object.fromEntries(new URLSearchParams(await request.text()));

  api.post('/maintenancedirect.asp', async (c) => {
    const form = await readForm(c.req.raw);
    const auth = await authenticated(form);
    if (auth.error !== undefined) return xml(auth.error);
    const order = form.PAYID ? state.byPayId(form.PAYID) : state.byOrderId(auth.account.pspid, form.ORDERID ?? '');
    if (!order || order.account !== auth.account) return xml(ncresponse({ NCSTATUS: 5, NCERROR: '50001130', NCERRORPLUS: 'Cannot access original order', STATUS: 0 }));
    const transition = transitions[form.OPERATION as keyof typeof transitions];
    if (!transition) return xml(ncresponse({ ...orderAttributes(order, order.status, '50001111'), NCERRORPLUS: 'OPERATION not supported for SwissBilling' }));
    if (order.status !== transition.from) return xml(ncresponse(orderAttributes(order, order.status, '50001127')));
    // SwissBilling: full capture and full refund only.
    if (Number(form.AMOUNT ?? order.amount) !== order.amount) {
      return xml(ncresponse({ ...orderAttributes(order, order.status, '50001126'), NCERRORPLUS: 'Only the full amount is allowed' }));
    }
    order.payIdSub += 1;
    order.status = transition.final;
    const feedback = await feedbackFor(order, now());
    postSale(notifier, postSaleUrlOf(order, publicBaseUrl), feedback, 'online');
    return xml(ncresponse(orderAttributes(order, transition.pending)));
  });

  api.post('/querydirect.asp', async (c) => {
    const form = await readForm(c.req.raw);
    const auth = await authenticated(form);
    if (auth.error !== undefined) return xml(auth.error);
    const order = form.PAYID ? state.byPayId(form.PAYID) : state.byOrderId(auth.account.pspid, form.ORDERID ?? '');
    if (!order || order.account !== auth.account) return xml(ncresponse({ NCSTATUS: 5, NCERROR: '50001130', NCERRORPLUS: 'Cannot access original order', STATUS: 88 }));
    return xml(ncresponse(orderAttributes(order, order.status)));
  });

  return api;
}
