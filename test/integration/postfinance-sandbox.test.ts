// The PostFinance sandbox checks what the platform checks: SHA-IN with its error texts,
// fields and currencies, SwissBilling's credit-check rules, and DirectLink's statuses and
// errors, including 50001127 on a repeated maintenance.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNcResponse } from '../../src/providers/postfinance/directlink.js';
import { signShaIn } from '../../src/providers/postfinance/signature.js';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

const account = defaultPostFinanceSandbox.accounts[0]!;
let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

let orderCounter = 0;
function orderFields(overrides: Record<string, string> = {}) {
  const address = (prefix: string) => ({
    [`${prefix}_POSTAL_NAME_FIRST`]: 'Anna',
    [`${prefix}_POSTAL_NAME_LAST`]: 'Müller',
    [`${prefix}_POSTAL_STREET_LINE1`]: 'Limmatquai',
    [`${prefix}_POSTAL_STREET_NUMBER`]: '55',
    [`${prefix}_POSTAL_POSTALCODE`]: '8001',
    [`${prefix}_POSTAL_CITY`]: 'Zürich',
    [`${prefix}_POSTAL_COUNTRYCODE`]: 'CH',
  });
  return {
    PSPID: account.pspid,
    ORDERID: `SANDBOX-TEST-${++orderCounter}-${Date.now()}`,
    AMOUNT: '10770',
    CURRENCY: 'CHF',
    LANGUAGE: 'de_CH',
    ACCEPTURL: 'http://localhost:3000/accept',
    DECLINEURL: 'http://localhost:3000/decline',
    ...address('ECOM_BILLTO'),
    ...address('ECOM_SHIPTO'),
    ITEMID1: '1',
    ITEMNAME1: 'Beratung',
    ITEMPRICE1: '107.70',
    ITEMQUANT1: '1',
    ITEMVATCODE1: '8.1%',
    TAXINCLUDED1: '1',
    ...overrides,
  };
}

const post = (path: string, fields: Record<string, string>) =>
  test.app.request(`/sandbox/postfinance/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

async function hostedPage(fields: Record<string, string>, sign = true) {
  const signed = sign ? { ...fields, SHASIGN: await signShaIn(fields, account.shaIn, account.algorithm, 'utf-8') } : fields;
  const response = await post('orderstandard_utf8.asp', signed);
  return { status: response.status, html: await response.text() };
}

async function decide(html: string, outcome: string) {
  const action = /<form method="post" action="http:\/\/localhost:3000([^"]+)"/.exec(html)![1]!;
  const response = await test.app.request(action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome, postsale: 'lost' }).toString(),
  });
  return new URL(response.headers.get('Location')!).searchParams;
}

async function directLink(path: 'maintenancedirect.asp' | 'querydirect.asp', params: Record<string, string>, credentials: Partial<typeof account> = {}) {
  const creds = { ...account, ...credentials };
  const fields = { ...params, PSPID: creds.pspid, USERID: creds.userId, PSWD: creds.password };
  const SHASIGN = await signShaIn(fields, creds.directLinkPassphrase, creds.algorithm);
  return parseNcResponse(await (await post(path, { ...fields, SHASIGN })).text());
}

describe('the PostFinance sandbox hosted page', () => {
  it('shows the platform’s error texts for a missing or wrong signature, fields and currency', async () => {
    expect((await hostedPage(orderFields(), false)).html).toContain('unknown order/0/s');
    const tampered = { ...orderFields(), SHASIGN: await signShaIn(orderFields({ AMOUNT: '1' }), account.shaIn, account.algorithm) };
    expect((await post('orderstandard_utf8.asp', tampered)).status).toBe(400);
    expect(await (await post('orderstandard_utf8.asp', tampered)).text()).toContain('unknown order/1/s');
    expect((await hostedPage(orderFields({ ORDERID: '' }))).html).toContain('no ORDERID');
    expect((await hostedPage(orderFields({ ORDERID: 'X'.repeat(41) }))).html).toContain('ORDERID too long');
    expect((await hostedPage(orderFields({ CURRENCY: 'EUR' }))).html).toContain('currency is not accepted');
    expect((await hostedPage(orderFields({ PSPID: 'NOSUCHPSPID' }))).html).toContain('PSPID not found');
  });

  it('declines like SwissBilling’s credit check when the shipping address differs or items do not add up', async () => {
    const differing = await hostedPage(orderFields({ ECOM_SHIPTO_POSTAL_CITY: 'Bern' }));
    expect(differing.status).toBe(200);
    expect((await decide(differing.html, 'approve')).get('STATUS')).toBe('2');
    const wrongSum = await hostedPage(orderFields({ ITEMPRICE1: '100.00' }));
    expect((await decide(wrongSum.html, 'approve')).get('STATUS')).toBe('2');
    const fine = await hostedPage(orderFields());
    expect((await decide(fine.html, 'approve')).get('STATUS')).toBe('5');
  });
});

describe('the PostFinance sandbox DirectLink', () => {
  it('captures in full (91, then 9), refuses a second capture with 50001127, and refunds (8)', async () => {
    const fields = orderFields();
    const feedback = await decide((await hostedPage(fields)).html, 'approve');
    const payId = feedback.get('PAYID')!;

    const partial = await directLink('maintenancedirect.asp', { PAYID: payId, OPERATION: 'SAS', AMOUNT: '100' });
    expect(partial.ncError).not.toBe('0');
    const capture = await directLink('maintenancedirect.asp', { PAYID: payId, OPERATION: 'SAS', AMOUNT: '10770' });
    expect(capture).toMatchObject({ status: 91, ncError: '0', payIdSub: '1' });
    expect(await directLink('querydirect.asp', { PAYID: payId })).toMatchObject({ status: 9, amount: '107.7', currency: 'CHF', orderId: fields.ORDERID });
    expect(await directLink('maintenancedirect.asp', { PAYID: payId, OPERATION: 'SAS', AMOUNT: '10770' })).toMatchObject({ ncError: '50001127', status: 9 });
    expect(await directLink('maintenancedirect.asp', { PAYID: payId, OPERATION: 'DES', AMOUNT: '10770' })).toMatchObject({ ncError: '50001127' });

    expect(await directLink('maintenancedirect.asp', { PAYID: payId, OPERATION: 'RFS', AMOUNT: '10770' })).toMatchObject({ status: 81 });
    expect(await directLink('querydirect.asp', { ORDERID: fields.ORDERID })).toMatchObject({ status: 8 });
  });

  it('answers with the platform’s errors for unknown orders and wrong credentials', async () => {
    expect((await directLink('querydirect.asp', { ORDERID: 'NO-SUCH-ORDER' })).ncError).toBe('50001130');
    expect((await directLink('querydirect.asp', { ORDERID: 'X' }, { password: 'wrong' })).ncError).toBe('50001119');
    expect((await directLink('querydirect.asp', { ORDERID: 'X' }, { pspid: 'NOSUCH' })).ncError).toBe('50001118');
    expect((await directLink('querydirect.asp', { ORDERID: 'X' }, { directLinkPassphrase: 'wrong-passphrase' })).ncError).toBe('50001111');
  });
});

describe('hostile requests to the PostFinance routes', () => {
  it('never answer 500, whatever the body or query', async () => {
    const paths = [
      '/callbacks/postfinance/00000000-0000-0000-0000-000000000000',
      '/pay-feedback/not-a-secret',
      '/sandbox/postfinance/orderstandard_utf8.asp',
      '/sandbox/postfinance/maintenancedirect.asp',
      '/sandbox/postfinance/querydirect.asp',
      '/sandbox/postfinance/test/orders/X/resolve',
    ];
    const bodies: [string, string][] = [
      ['application/json', '{"a":'],
      ['application/x-www-form-urlencoded', '%%%&&&==='],
      ['multipart/form-data; boundary=x', '--x\r\nbroken'],
      ['application/x-www-form-urlencoded', `PSPID=${account.pspid}&SHASIGN=00&AMOUNT=1e99&ORDERID=${'x'.repeat(5000)}`],
    ];
    const statuses: string[] = [];
    for (const path of paths) {
      for (const [type, body] of bodies) {
        statuses.push(`${(await test.app.request(path, { method: 'POST', headers: { 'Content-Type': type }, body })).status} ${path} ${type}`);
      }
      statuses.push(`${(await test.app.request(`${path}?STATUS=abc&amount=%ff&orderID=${'x'.repeat(5000)}`)).status} GET ${path}`);
    }
    expect(statuses.filter((line) => line.startsWith('5'))).toEqual([]);
  });
});
