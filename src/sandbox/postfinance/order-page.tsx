// orderstandard_utf8.asp: checks the posted fields and SHA-IN as the platform does and shows
// its error texts; SwissBilling's own checks refuse like its credit check would. The payer
// (a person or a test) picks approve, decline, cancel or uncertain.
import { Hono } from 'hono';
import { formatMoney } from '../../i18n.js';
import { decimalToMinor } from '../../providers/postfinance/directlink.js';
import { digestsEqual, signShaIn } from '../../providers/postfinance/signature.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { feedbackFor, postSale } from './feedback.js';
import type { PostFinanceSandboxState, PostSaleMode, SandboxOrder } from './state.js';

const limits: Record<string, number> = { ORDERID: 40, EMAIL: 50, CN: 35, COM: 100, PSPID: 30, OWNERZIP: 10 };
const itemLimits: [RegExp, number][] = [[/^ITEMNAME\d+$/, 40], [/^ITEMID\d+$/, 15], [/^ITEMCATEGORY\d+$/, 50]];

function platformError(message: string) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Error</title></head><body><h1>An error has occurred</h1><p>${message}</p></body></html>`;
}

function swissBillingRefusal(fields: Record<string, string>, amount: number): string | null {
  if (fields.CURRENCY !== 'CHF') return 'SwissBilling accepts CHF only';
  if (!['CH', 'LI'].includes(fields.ECOM_BILLTO_POSTAL_COUNTRYCODE ?? '')) return 'billing address outside CH/LI';
  const suffixes = ['NAME_FIRST', 'NAME_LAST', 'STREET_LINE1', 'STREET_NUMBER', 'POSTALCODE', 'CITY', 'COUNTRYCODE'];
  if (suffixes.some((s) => fields[`ECOM_BILLTO_POSTAL_${s}`] !== fields[`ECOM_SHIPTO_POSTAL_${s}`])) return 'billing and shipping address differ';
  let sum = 0;
  for (let n = 1; fields[`ITEMID${n}`] !== undefined; n++) {
    const price = decimalToMinor(fields[`ITEMPRICE${n}`] ?? '');
    if (price === null || price <= 0) return `item ${n} has no positive price`;
    sum += price * Number(fields[`ITEMQUANT${n}`] ?? '1');
  }
  if (sum !== amount) return 'item lines do not add up to the amount';
  return null;
}

export function postFinanceOrderPage(state: PostFinanceSandboxState, notifier: SandboxNotifier, publicBaseUrl: string, now: () => Date) {
  const page = new Hono();

  page.post('/orderstandard_utf8.asp', async (c) => {
    const form = Object.fromEntries(Object.entries(await c.req.parseBody().catch(() => ({}) as Record<string, string | File>)).map(([k, v]) => [k.toUpperCase(), String(v)]));
    const account = state.account(form.PSPID);
    if (!account) return c.html(platformError('PSPID not found or not active'), 400);
    if (!form.SHASIGN) return c.html(platformError('unknown order/0/s'), 400);
    if (!digestsEqual(await signShaIn(form, account.shaIn, account.algorithm, 'utf-8'), form.SHASIGN)) {
      return c.html(platformError('unknown order/1/s'), 400);
    }
    for (const name of ['ORDERID', 'AMOUNT', 'CURRENCY', 'LANGUAGE']) {
      if (!form[name]) return c.html(platformError(`no ${name}`), 400);
    }
    for (const [name, value] of Object.entries(form)) {
      const limit = limits[name] ?? itemLimits.find(([pattern]) => pattern.test(name))?.[1];
      if (limit && value.length > limit) return c.html(platformError(`${name} too long`), 400);
    }
    if (!/^\d+$/.test(form.AMOUNT!)) return c.html(platformError('Amount not a number'), 400);
    if (!account.currencies.includes(form.CURRENCY!)) return c.html(platformError('The currency is not accepted by the merchant'), 400);
    if (state.byOrderId(account.pspid, form.ORDERID!)) return c.html(platformError('unknown order/1/o: order already processed'), 400);
    const amount = Number(form.AMOUNT);
    const key = crypto.randomUUID();
    state.orders.set(key, {
      key,
      account,
      fields: form,
      orderId: form.ORDERID!,
      amount,
      currency: form.CURRENCY!,
      status: 0,
      payId: state.newPayId(),
      payIdSub: 0,
      refusal: swissBillingRefusal(form, amount),
    });
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>SwissBilling</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:0 auto;padding:1rem">
<div style="background:#c00;color:#fff;padding:.5rem;text-align:center;font-weight:bold">PostFinance SANDBOX – SwissBilling, simulated</div>
<h1 style="font-size:1.3rem">Pay by invoice</h1><p style="font-size:1.6rem;font-weight:bold">${formatMoney(amount, form.CURRENCY!)}</p>
<form method="post" action="${publicBaseUrl}/sandbox/postfinance/pay/${key}">
<label>Post-sale request <select name="postsale"><option value="online">online</option><option value="deferred">deferred</option><option value="repeated">repeated</option><option value="lost">lost</option></select></label>
${['approve', 'decline', 'cancel', 'uncertain'].map((o) => `<button type="submit" name="outcome" value="${o}" style="display:block;width:100%;margin:.4rem 0;padding:.8rem">${o[0]!.toUpperCase()}${o.slice(1)}</button>`).join('')}
</form></body></html>`,
    );
  });

  page.post('/pay/:key', async (c) => {
    const order = state.orders.get(c.req.param('key'));
    if (!order || order.status !== 0) return c.html(platformError('unknown order'), 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, string | File>);
    const outcome = String(form.outcome ?? '');
    const mode = (['online', 'deferred', 'repeated', 'lost'].includes(String(form.postsale)) ? String(form.postsale) : 'online') as PostSaleMode;
    order.status = order.refusal ? 2 : ({ approve: 5, decline: 2, cancel: 1, uncertain: 52 } as Record<string, number>)[outcome] ?? 2;
    const feedback = await feedbackFor(order, now());
    postSale(notifier, postSaleUrlOf(order, publicBaseUrl), feedback, mode);
    const target = order.status === 5 ? 'ACCEPTURL' : order.status === 1 ? 'CANCELURL' : order.status === 52 ? 'EXCEPTIONURL' : 'DECLINEURL';
    const url = order.fields[target] || order.fields.ACCEPTURL || `${publicBaseUrl}/`;
    return c.redirect(`${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(feedback).toString()}`, 303);
  });

  return page;
}

export function postSaleUrlOf(order: SandboxOrder, publicBaseUrl: string): string {
  return `${publicBaseUrl}${order.account.postSaleUrl.replace('<PARAMVAR>', encodeURIComponent(order.fields.PARAMVAR ?? ''))}`;
}
