// maintenancedirect.asp and querydirect.asp: XML answers with the platform's statuses.
// SAS (full capture only) answers 91 and later reports 9; RFS answers 81, then 8; DES
// answers 61, then 6; a repeated maintenance answers NCERROR 50001127.
import { Hono } from 'hono';
import { digestsEqual, signShaIn } from '../../providers/postfinance/signature.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { feedbackFor, platformAmount, postSale } from './feedback.js';
import { postSaleUrlOf } from './order-page.js';
import type { PostFinanceSandboxState, SandboxOrder } from './state.js';

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
  amount: platformAmount(order),
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

  /** The signed request's account and order, or the platform's error answer. */
  async function orderOf(request: Request, unknownStatus: number): Promise<{ error: string } | { error?: undefined; form: Record<string, string>; order: SandboxOrder }> {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    const account = state.account(form.PSPID);
    if (!account) return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001118', NCERRORPLUS: 'PSPID not found or not active', STATUS: 0 }) };
    if (form.USERID !== account.userId || form.PSWD !== account.password) {
      return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001119', NCERRORPLUS: 'Password incorrect or disabled', STATUS: 0 }) };
    }
    if (!form.SHASIGN || !digestsEqual(await signShaIn(form, account.directLinkPassphrase, account.algorithm), form.SHASIGN)) {
      return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001111', NCERRORPLUS: 'unknown order/1/s', STATUS: 0 }) };
    }
    const order = form.PAYID ? state.byPayId(form.PAYID) : state.byOrderId(account.pspid, form.ORDERID ?? '');
    if (!order || order.account !== account) {
      return { error: ncresponse({ NCSTATUS: 5, NCERROR: '50001130', NCERRORPLUS: 'Cannot access original order', STATUS: unknownStatus }) };
    }
    return { form, order };
  }

  const xml = (body: string) => new Response(body, { headers: { 'Content-Type': 'text/xml; charset=utf-8' } });

  api.post('/maintenancedirect.asp', async (c) => {
    const found = await orderOf(c.req.raw, 0);
    if (found.error !== undefined) return xml(found.error);
    const { form, order } = found;
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

  // A querydirect that cannot find the order answers STATUS 88 ("querydirect failed").
  api.post('/querydirect.asp', async (c) => {
    const found = await orderOf(c.req.raw, 88);
    return xml(found.error ?? ncresponse(orderAttributes(found.order, found.order.status)));
  });

  return api;
}
