// Requests for the routes outside the OpenAPI document: the two provider simulators (which
// answer in the providers' own shapes, so only "no 5xx" holds for them) and the page assets.
import fc from 'fast-check';
import { defaultPostFinanceSandbox } from '../../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../../src/sandbox/saferpay/state.js';
import { type FuzzBody, encode, formBody, formValue, jsonBody } from './bodies.js';
import type { FuzzContext, FuzzRequest } from './openapi-requests.js';
import { hostileStrings, hostileValue } from './schema-values.js';

/** Values of the simulators' pages the fixture opened: page tokens, order keys, order ids. */
export interface SandboxValues {
  pageTokens: string[];
  orderKeys: string[];
  orderIds: string[];
}

const customer = defaultSaferpaySandbox.customers[0]!;
const account = defaultPostFinanceSandbox.accounts[0]!;
const segment = (known: string[]) =>
  fc.oneof({ weight: 4, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('x') }, { weight: 1, arbitrary: fc.constantFrom(...hostileStrings).map(encode) });

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
/** Mostly the genuine credentials, so requests get past authentication into the simulator. */
const saferpayAuth = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>(basic(`${customer.username}:${customer.password}`)) },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>(basic('nobody:nothing'), basic('no colon'), 'Basic !!!not-base64!!!', 'Basic', 'Bearer x', undefined) },
);

const requestHeader = fc.oneof(
  { weight: 4, arbitrary: fc.record({ SpecVersion: fc.constantFrom('1.40', '1.x', ''), CustomerId: fc.constantFrom(customer.customerId, '1', 'x'), RequestId: fc.uuid(), RetryIndicator: fc.constantFrom(0, 1, 10, -1) }) },
  { weight: 1, arbitrary: hostileValue },
);

const saferpayBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(requestHeader, fc.dictionary(fc.constantFrom('TerminalId', 'Payment', 'Token', 'TransactionReference', 'Refund', 'CaptureReference', 'ReturnUrl', 'PaymentMethods'), hostileValue, { maxKeys: 4 })).map(
      ([header, rest]): FuzzBody => ({ mutation: 'saferpay json', contentType: 'application/json', body: JSON.stringify({ RequestHeader: header, ...rest }) }),
    ),
  },
  { weight: 1, arbitrary: jsonBody({ type: 'object', additionalProperties: true }, () => ({}), { ids: {}, accountNumbers: [] }) },
);

function request(operation: string, method: string, url: string, body: FuzzBody, extra: Record<string, string | undefined> = {}): FuzzRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
  if (body.contentType) headers['Content-Type'] = body.contentType;
  return { operation, mutation: body.mutation, method, url, headers, ...(body.body !== undefined ? { body: body.body } : {}) };
}

const pageForm = formBody({
  method: formValue(['VISA', 'MASTERCARD', 'TWINT', 'CARD']),
  outcome: formValue(['approve', 'decline', 'abort', 'pending']),
  notify: formValue(['normal', 'late', 'twice', 'none']),
});

/** One arbitrary per simulator route, keyed by a name for the summary. */
export function sandboxRequests(context: FuzzContext, values: SandboxValues): Record<string, fc.Arbitrary<FuzzRequest>> {
  const saferpay = '/sandbox/saferpay';
  const postfinance = '/sandbox/postfinance';
  const pagePath = fc.tuple(segment([customer.customerId]), segment([customer.terminals[0]!.terminalId]), segment(values.pageTokens)).map((parts) => parts.join('/'));
  const directLink = formBody({
    PSPID: formValue([account.pspid]),
    USERID: formValue([account.userId]),
    PSWD: formValue([account.password]),
    SHASIGN: formValue(['0'.repeat(128)]),
    PAYID: formValue(context.formValues.PAYID ?? []),
    ORDERID: formValue(values.orderIds),
    OPERATION: formValue(['SAS', 'RFS', 'DES', 'REN']),
    AMOUNT: formValue(['100', '0', '-1']),
  });
  return {
    'post /sandbox/saferpay/Payment/v1/{interface}/{action}': fc
      .tuple(
        fc.constantFrom('PaymentPage', 'Transaction', 'x', '__proto__'),
        fc.constantFrom('Initialize', 'Assert', 'Capture', 'Cancel', 'Inquire', 'Refund', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x'),
        saferpayBody,
        saferpayAuth,
        fc.oneof({ weight: 6, arbitrary: fc.constant<string | undefined>('application/json') }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>('text/html', undefined) }),
      )
      .map(([iface, action, body, auth, accept]) =>
        request('post /sandbox/saferpay/Payment/v1/{interface}/{action}', 'POST', `${saferpay}/api/Payment/v1/${iface}/${action}`, body, { Authorization: auth, Accept: accept }),
      ),
    'get /sandbox/saferpay/rest/customers/{c}/terminals/{t}': fc
      .tuple(segment([customer.customerId]), segment([customer.terminals[0]!.terminalId]), saferpayAuth)
      .map(([c, t, auth]) => request('get /sandbox/saferpay/rest/customers/{c}/terminals/{t}', 'GET', `${saferpay}/api/rest/customers/${c}/terminals/${t}`, { mutation: 'none' }, { Authorization: auth })),
    'get /sandbox/saferpay/vt2/api/PaymentPage/{c}/{t}/{token}': pagePath.map((path) =>
      request('get /sandbox/saferpay/vt2/api/PaymentPage/{c}/{t}/{token}', 'GET', `${saferpay}/vt2/api/PaymentPage/${path}`, { mutation: 'none' }),
    ),
    'post /sandbox/saferpay/vt2/api/PaymentPage/{c}/{t}/{token}': fc
      .tuple(pagePath, pageForm)
      .map(([path, body]) => request('post /sandbox/saferpay/vt2/api/PaymentPage/{c}/{t}/{token}', 'POST', `${saferpay}/vt2/api/PaymentPage/${path}`, body)),
    'post /sandbox/saferpay/test/payments/{token}/resolve': fc
      .tuple(segment(values.pageTokens), jsonBody({ type: 'object', properties: { outcome: { enum: ['approve', 'decline'] } } }, () => ({}), context.pool))
      .map(([token, body]) => request('post /sandbox/saferpay/test/payments/{token}/resolve', 'POST', `${saferpay}/test/payments/${token}/resolve`, body)),
    'post /sandbox/postfinance/orderstandard_utf8.asp': formBody({
      PSPID: formValue([account.pspid]),
      SHASIGN: formValue(['0'.repeat(128), '']),
      ORDERID: formValue(values.orderIds),
      AMOUNT: formValue(['100', '1.5', '']),
      CURRENCY: formValue(['CHF', 'EUR']),
      LANGUAGE: formValue(['de_DE', 'xx']),
      ITEMID1: formValue(['1']),
      ITEMPRICE1: formValue(['1.00', '-1']),
    }).map((body) => request('post /sandbox/postfinance/orderstandard_utf8.asp', 'POST', `${postfinance}/orderstandard_utf8.asp`, body)),
    'post /sandbox/postfinance/pay/{key}': fc
      .tuple(segment(values.orderKeys), formBody({ outcome: formValue(['approve', 'decline', 'cancel', 'uncertain']), postsale: formValue(['online', 'deferred', 'repeated', 'lost']) }))
      .map(([key, body]) => request('post /sandbox/postfinance/pay/{key}', 'POST', `${postfinance}/pay/${key}`, body)),
    'post /sandbox/postfinance/{maintenancedirect|querydirect}.asp': fc
      .tuple(fc.constantFrom('maintenancedirect.asp', 'querydirect.asp'), directLink)
      .map(([page, body]) => request('post /sandbox/postfinance/{maintenancedirect|querydirect}.asp', 'POST', `${postfinance}/${page}`, body)),
    'post /sandbox/postfinance/test/orders/{orderId}/resolve': fc
      .tuple(segment(values.orderIds), formBody({ outcome: formValue(['approve', 'decline']) }))
      .map(([id, body]) => request('post /sandbox/postfinance/test/orders/{orderId}/resolve', 'POST', `${postfinance}/test/orders/${id}/resolve`, body)),
    'get assets, documents and unknown paths': fc
      .constantFrom('/assets/pay.css', '/favicon.ico', '/openapi.json', '/docs', '/', '/nothing', '/pay', '/pay/', '/api', '/api/v1', '/sandbox/saferpay/x', '/%00', '/pay/%ZZ')
      .map((url) => request('get assets, documents and unknown paths', 'GET', url, { mutation: 'none' })),
  };
}
