// PostFinance e-Payment SHA-IN / SHA-OUT (shared/specs/postfinance.md §2, §3): parameter
// names upper-cased, only those on the list, empty values dropped, sorted, each NAME=value
// followed by the passphrase, hashed (SHA-1/256/512), upper-case hex. UTF-8 for the
// `_utf8` page, ISO-8859-1 otherwise. SHA-OUT is compared in constant time.
import { constantTimeEqual } from '../../crypto.js';

export const hashAlgorithms = ['SHA-1', 'SHA-256', 'SHA-512'] as const;
export type HashAlgorithm = (typeof hashAlgorithms)[number];
export type Charset = 'utf-8' | 'iso-8859-1';

const expand = (prefix: string, names: string[]) => names.map((n) => `${prefix}${n}`);

/** SHA-IN parameters this service can send (2015 appendix; `*` entries match any numeric suffix). */
export const shaInNames = new Set([
  ...'ACCEPTURL AMOUNT BACKURL BGCOLOR BRAND BUTTONBGCOLOR BUTTONTXTCOLOR CANCELURL CATALOGURL CIVILITY CN COM COMPLUS CREDITDEBIT CUID CURRENCY DECLINEURL ECOM_BILLTO_COMPANY ECOM_CONSUMER_GENDER ED EMAIL EXCEPTIONURL EXCLPMLIST FONTTYPE HOMEURL ITEM_COUNT LANGUAGE LOGO OPERATION ORDERID ORIG PARAMPLUS PARAMVAR PAYID PM PMLIST PMLISTTYPE PSPID PSWD REF_CUSTOMERID REF_CUSTOMERREF REMOTE_ADDR TBLBGCOLOR TBLTXTCOLOR TITLE TP TXTCOLOR USERID WIN3DS WITHROOT'.split(' '),
  ...expand('ECOM_BILLTO_POSTAL_', ['CITY', 'COUNTRYCODE', 'COUNTY', 'NAME_FIRST', 'NAME_LAST', 'NAME_PREFIX', 'POSTALCODE', 'STREET_LINE1', 'STREET_LINE2', 'STREET_LINE3', 'STREET_NUMBER']),
  ...expand('ECOM_BILLTO_TELECOM_', ['MOBILE_NUMBER', 'PHONE_NUMBER']),
  ...expand('ECOM_SHIPTO_', ['COMPANY', 'DOB', 'ONLINE_EMAIL', 'TVA']),
  ...expand('ECOM_SHIPTO_POSTAL_', ['CITY', 'COUNTRYCODE', 'COUNTY', 'NAME_FIRST', 'NAME_LAST', 'NAME_PREFIX', 'POSTALCODE', 'STATE', 'STREET_LINE1', 'STREET_LINE2', 'STREET_NUMBER']),
  ...expand('ECOM_SHIPTO_TELECOM_', ['FAX_NUMBER', 'MOBILE_NUMBER', 'PHONE_NUMBER']),
  ...expand('ORDERSHIP', ['COST', 'METH', 'TAX', 'TAXCODE']),
  ...expand('OWNER', ['ADDRESS', 'CTY', 'TELNO', 'TOWN', 'ZIP']),
]);
const shaInIndexed = /^(ITEM(ATTRIBUTES|CATEGORY|COMMENTS|DESC|DISCOUNT|FDMPRODUCTCATEG|ID|NAME|PRICE|QUANT|QUANTORIG|UNITOFMEASURE|VAT|VATCODE|WEIGHT)|TAXINCLUDED)\d+$/;

export const shaOutNames = new Set([
  ...expand('AAV', ['ADDRESS', 'CHECK', 'MAIL', 'NAME', 'PHONE', 'ZIP']),
  ...'ACCEPTANCE ALIAS AMOUNT BIC BIN BRAND CARDNO CCCTY CN COLLECTOR_BIC COLLECTOR_IBAN COMPLUS CREATION_STATUS CREDITDEBIT CURRENCY CVCCHECK DEVICEID DIGESTCARDNO ECI ED EMAIL ENCCARDNO FXAMOUNT FXCURRENCY IP IPCTY MANDATEID MOBILEMODE NBREMAILUSAGE NBRIPUSAGE NBRIPUSAGE_ALLTX NBRUSAGE NCERROR ORDERID PAYID PAYIDSUB PAYMENT_REFERENCE PM SCO_CATEGORY SCORING SEQUENCETYPE SIGNDATE STATUS SUBBRAND SUBSCRIPTION_ID TICKET TRXDATE VC'.split(' '),
  ...expand('DCC_', ['COMMPERCENTAGE', 'CONVAMOUNT', 'CONVCCY', 'EXCHRATE', 'EXCHRATESOURCE', 'EXCHRATETS', 'INDICATOR', 'MARGINPERCENTAGE', 'VALIDHOURS']),
]);

export const isShaInParameter = (name: string) => shaInNames.has(name) || shaInIndexed.test(name);
export const isShaOutParameter = (name: string) => shaOutNames.has(name);

/** The exact string that is hashed. Byte-order sorting; we never send more than 9 item lines. */
export function composeShaString(params: Record<string, string>, passphrase: string, accepts: (name: string) => boolean): string {
  return Object.entries(params)
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .filter(([name, value]) => name !== 'SHASIGN' && value !== '' && accepts(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}${passphrase}`)
    .join('');
}

function encode(text: string, charset: Charset): Uint8Array {
  if (charset === 'utf-8') return new TextEncoder().encode(text);
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    return code < 256 ? code : 0x3f; // not representable in ISO-8859-1: '?', as the platform would see it
  });
}

export async function hashHex(text: string, algorithm: HashAlgorithm, charset: Charset = 'utf-8'): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm, encode(text, charset) as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

export function signShaIn(params: Record<string, string>, passphrase: string, algorithm: HashAlgorithm, charset: Charset = 'utf-8') {
  return hashHex(composeShaString(params, passphrase, isShaInParameter), algorithm, charset);
}

export function signShaOut(params: Record<string, string>, passphrase: string, algorithm: HashAlgorithm, charset: Charset = 'utf-8') {
  return hashHex(composeShaString(params, passphrase, isShaOutParameter), algorithm, charset);
}

/** Constant-time comparison of two hex digests, case-insensitive. */
export function digestsEqual(a: string, b: string): boolean {
  return constantTimeEqual(a.toUpperCase(), b.toUpperCase());
}

export async function verifyShaOut(
  params: Record<string, string>,
  passphrase: string,
  algorithm: HashAlgorithm,
  charset: Charset = 'utf-8',
): Promise<boolean> {
  const given = Object.entries(params).find(([name]) => name.toUpperCase() === 'SHASIGN')?.[1];
  if (!given) return false;
  return digestsEqual(await signShaOut(params, passphrase, algorithm, charset), given);
}
