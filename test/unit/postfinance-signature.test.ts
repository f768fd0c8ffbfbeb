// SHA-IN and SHA-OUT reproduce every digest published or computed in the spec digest
// (shared/specs/postfinance.md §2, §3, §5).
import { describe, expect, it } from 'vitest';
import { composeShaString, hashHex, signShaIn, signShaOut, verifyShaOut } from '../../src/providers/postfinance/signature.js';

const passphrase = 'Mysecretsig1875!?';
const basic = { AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: '1234', PSPID: 'MyPSPID' };

describe('SHA-IN', () => {
  it('reproduces the published e-Commerce example in SHA-1, SHA-256 and SHA-512', async () => {
    expect(composeShaString(basic, passphrase, () => true)).toBe(
      'AMOUNT=1500Mysecretsig1875!?CURRENCY=EURMysecretsig1875!?LANGUAGE=en_USMysecretsig1875!?ORDERID=1234Mysecretsig1875!?PSPID=MyPSPIDMysecretsig1875!?',
    );
    expect(await signShaIn(basic, passphrase, 'SHA-1')).toBe('F4CC376CD7A834D997B91598FA747825A238BE0A');
    expect(await signShaIn(basic, passphrase, 'SHA-256')).toBe('E019359BAA3456AE5A986B6AABD22CF1B3E09438739E97F17A7F61DF5A11B30F');
    expect(await signShaIn(basic, passphrase, 'SHA-512')).toBe(
      'D1CFE8833A297D0922E908B2B44934B09EE966EF1584DC0D696304E07BB58BA71973C2383C831D878D8A243BB7D7DFFFBE53CEE21955CDFEF44FE82E551F859D',
    );
  });

  it('ignores case of names, empty values, SHASIGN and parameters off the list', async () => {
    const noisy = { amount: '1500', currency: 'EUR', language: 'en_US', orderID: '1234', PSPID: 'MyPSPID', COMPLUS: '', SHASIGN: 'x', NOT_LISTED: 'y' };
    expect(await signShaIn(noisy, passphrase, 'SHA-1')).toBe('F4CC376CD7A834D997B91598FA747825A238BE0A');
  });

  it('reproduces the DirectLink example (no LANGUAGE there; CARDNO and OPERATION added)', async () => {
    const { LANGUAGE: _language, ...withoutLanguage } = basic;
    const params = { ...withoutLanguage, CARDNO: '4111111111111111', OPERATION: 'RES' };
    expect(await hashHex(composeShaString(params, passphrase, () => true), 'SHA-1')).toBe('2B459D4D3AF0C678695AE77EE5BF0C83CA6F0AD8');
  });

  it('reproduces the computed SwissBilling example in UTF-8 and ISO-8859-1', async () => {
    const url = (kind: string) => `https://shop.example.ch/pf/${kind}`;
    const address = (prefix: string) => ({
      [`${prefix}_CITY`]: 'Zürich',
      [`${prefix}_COUNTRYCODE`]: 'CH',
      [`${prefix}_NAME_FIRST`]: 'Anna',
      [`${prefix}_NAME_LAST`]: 'Müller',
      [`${prefix}_POSTALCODE`]: '8001',
      [`${prefix}_STREET_LINE1`]: 'Limmatquai',
      [`${prefix}_STREET_NUMBER`]: '55',
    });
    const params = {
      ACCEPTURL: url('accept'),
      AMOUNT: '10770',
      CANCELURL: url('cancel'),
      CN: 'Anna Müller',
      COMPLUS: '',
      CURRENCY: 'CHF',
      DECLINEURL: url('decline'),
      ...address('ECOM_BILLTO_POSTAL'),
      ...address('ECOM_SHIPTO_POSTAL'),
      EMAIL: 'anna.mueller@example.ch',
      EXCEPTIONURL: url('exception'),
      ITEMID1: 'SKU-1',
      ITEMID2: 'SHIP',
      ITEMNAME1: 'Wanderschuh',
      ITEMNAME2: 'Versand',
      ITEMPRICE1: '99.90',
      ITEMPRICE2: '7.80',
      ITEMQUANT1: '1',
      ITEMQUANT2: '1',
      ITEMVATCODE1: '8.1%',
      ITEMVATCODE2: '8.1%',
      LANGUAGE: 'de_CH',
      ORDERID: 'INV-2024-0001',
      PARAMPLUS: 'sessionRef=abc123',
      PSPID: 'MyPSPID',
      TAXINCLUDED1: '1',
      TAXINCLUDED2: '1',
    };
    expect(new TextEncoder().encode(composeShaString(params, passphrase, () => true)).length).toBe(1639);
    expect(await signShaIn(params, passphrase, 'SHA-512')).toBe(
      '11B80E47168DAED0AD56F45E76EB25A8F491988468217DBBDE3693C3CECC10F338B64DD2232B8AB9EF5C873927EDB7EE5C417A2D406DB86E0D313F03889E2306',
    );
    expect(await signShaIn(params, passphrase, 'SHA-512', 'iso-8859-1')).toBe(
      '04F44DC6404D49303F83BF2A69524313B70AF64F76493D9CFAC49161E06CE5FDDA39A0669D2BD07C0E72CC9EDCF51F92BD296FD387515B302CAA02ADA9E82ED1',
    );
  });

  it('reproduces the computed DirectLink maintenance example', async () => {
    const params = { AMOUNT: '10770', OPERATION: 'SAS', PAYID: '3012345678', PSPID: 'MyPSPID', PSWD: 'ApiPass!2024', USERID: 'MYAPIUSER' };
    expect(await signShaIn(params, passphrase, 'SHA-512')).toBe(
      'A8C498D93C9410ACA11B8A0F3C780F067777961FDBB549000E90CA4CC6021708F3E1E779F90E7BAB8ABDEBF5CF1BB211AC637DCC32FFDBFE20D05F0FB4C19CE4',
    );
  });
});

describe('SHA-OUT', () => {
  const feedback = {
    ACCEPTANCE: '1234',
    amount: '15',
    BRAND: 'VISA',
    CARDNO: 'XXXXXXXXXXXX1111',
    currency: 'EUR',
    NCERROR: '0',
    orderID: '12',
    PAYID: '32100123',
    PM: 'CreditCard',
    STATUS: '9',
  };

  it('reproduces the published feedback example and verifies it', async () => {
    expect(await signShaOut(feedback, passphrase, 'SHA-1')).toBe('209113288F93A9AB8E474EA78D899AFDBB874355');
    expect(await verifyShaOut({ ...feedback, SHASIGN: '209113288f93a9ab8e474ea78d899afdbb874355' }, passphrase, 'SHA-1')).toBe(true);
  });

  it('refuses tampered amount, status or order id, and a missing signature', async () => {
    const SHASIGN = '209113288F93A9AB8E474EA78D899AFDBB874355';
    for (const tampered of [{ amount: '16' }, { STATUS: '5' }, { orderID: '13' }]) {
      expect(await verifyShaOut({ ...feedback, ...tampered, SHASIGN }, passphrase, 'SHA-1')).toBe(false);
    }
    expect(await verifyShaOut(feedback, passphrase, 'SHA-1')).toBe(false);
  });
});
