// camt.053 (bank to customer statement) and camt.054 (debit/credit notification, the file
// Swiss banks send for QR-bill payments) into plain records. The XML parser expands no
// entities and a document declaring any (<!DOCTYPE, <!ENTITY) is refused before parsing:
// a bank file never needs them, and they are how XML bombs and external entities get in.
// Amounts stay decimal strings until decimal-amount.ts turns them into minor units.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDecimalAmount } from './decimal-amount.js';
import {
  type XmlNode,
  attribute,
  child,
  children,
  isNode,
  nodeAt,
  requireText,
  statementProblem,
  textAt,
  textOf,
} from './xml-node.js';

export const camtNamespaces: Record<string, { kind: 'camt.053' | 'camt.054'; group: string; item: string }> = {};
for (const version of ['02', '04', '08']) {
  camtNamespaces[`urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`] = { kind: 'camt.053', group: 'BkToCstmrStmt', item: 'Stmt' };
  camtNamespaces[`urn:iso:std:iso:20022:tech:xsd:camt.054.001.${version}`] = { kind: 'camt.054', group: 'BkToCstmrDbtCdtNtfctn', item: 'Ntfctn' };
}

export interface StatementLine {
  /** Element path of the entry (and detail) in the file, for messages. */
  path: string;
  entryRef: string | null;
  detailIndex: number;
  detailCount: number;
  bookingDate: string;
  valueDate: string | null;
  amount: number;
  currency: string;
  direction: 'credit' | 'debit';
  acctSvcrRef: string | null;
  endToEndId: string | null;
  reference: string | null;
  referenceType: 'QRR' | 'SCOR' | null;
  remittanceText: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
}

export interface ParsedStatement {
  kind: 'camt.053' | 'camt.054';
  namespace: string;
  messageId: string;
  documentId: string;
  accountIban: string;
  currency: string;
  fromDate: string | null;
  toDate: string | null;
  openingBalance: number | null;
  closingBalance: number | null;
  lines: StatementLine[];
  /** Entries not imported (not booked yet, reversals of nothing known) and why. */
  skipped: { path: string; reason: string }[];
}

const listElements = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Bal', 'Ustrd', 'Strd', 'AddtlRmtInf']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  isArray: (name) => listElements.has(name),
});

export function parseCamt(xml: string): ParsedStatement[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw statementProblem('(prolog)', 'declares a DOCTYPE or ENTITY, which a bank statement never needs and this service refuses');
  }
  // PostgreSQL stores no NUL byte in text; XML 1.0 allows none either.
  if (xml.includes('\u0000')) throw statementProblem('(document)', 'holds a NUL byte, which XML does not allow');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw statementProblem(`(line ${valid.err.line}, column ${valid.err.col})`, `is not well-formed XML: ${valid.err.msg}`);
  }
  const root = /<(?:([\w.-]+):)?Document\b([^>]*)>/.exec(xml);
  if (!root) throw statementProblem('Document', 'is missing: an ISO 20022 file has a Document root element');
  const xmlnsName = root[1] ? `xmlns:${root[1]}` : 'xmlns';
  const namespace = new RegExp(`\\s${xmlnsName}\\s*=\\s*["']([^"']*)["']`).exec(root[2] ?? '')?.[1] ?? '';
  const shape = camtNamespaces[namespace];
  if (!shape) {
    throw statementProblem(
      'Document/@xmlns',
      `is "${namespace || 'missing'}"; expected camt.053.001.02/04/08 or camt.054.001.02/04/08 (urn:iso:std:iso:20022:tech:xsd:...)`,
    );
  }
  const tree = parser.parse(xml) as XmlNode;
  const document = child(tree, 'Document');
  const group = isNode(document) ? child(document, shape.group) : undefined;
  const groupPath = `Document/${shape.group}`;
  if (!isNode(group)) throw statementProblem(groupPath, `is missing: a ${shape.kind} document holds it`);
  const messageId = requireText(group, 'GrpHdr/MsgId', groupPath);
  const items = children(group, shape.item);
  if (items.length === 0) throw statementProblem(`${groupPath}/${shape.item}`, 'is missing: the document reports no account');
  return items.map((item, index) => {
    const at = `${groupPath}/${shape.item}[${index + 1}]`;
    if (!isNode(item)) throw statementProblem(at, 'is empty');
    return readStatement(item, at, { kind: shape.kind, namespace, messageId });
  });
}

function readStatement(item: XmlNode, at: string, head: Pick<ParsedStatement, 'kind' | 'namespace' | 'messageId'>): ParsedStatement {
  const documentId = requireText(item, 'Id', at);
  const accountIban = requireText(item, 'Acct/Id/IBAN', at).replaceAll(' ', '').toUpperCase();
  const balances = children(item, 'Bal').filter(isNode);
  const balance = (codes: string[]) => {
    const index = balances.findIndex((bal) => codes.includes(textAt(bal, 'Tp/CdOrPrtry/Cd') ?? ''));
    const found = balances[index];
    return found ? { ...signedAmount(found, `${at}/Bal[${index + 1}]`), index } : null;
  };
  const opening = balance(['OPBD', 'PRCD']);
  const closing = balance(['CLBD']);
  const currency = textAt(item, 'Acct/Ccy') ?? opening?.currency ?? closing?.currency ?? firstEntryCurrency(item) ?? 'CHF';
  const skipped: ParsedStatement['skipped'] = [];
  const lines = children(item, 'Ntry').flatMap((entry, index) => {
    const path = `${at}/Ntry[${index + 1}]`;
    if (!isNode(entry)) throw statementProblem(path, 'is empty');
    const status = textAt(entry, 'Sts/Cd') ?? textAt(entry, 'Sts');
    if (status && status !== 'BOOK') {
      skipped.push({ path, reason: `status ${status}: only booked entries are imported` });
      return [];
    }
    return readEntry(entry, path);
  });
  return {
    ...head,
    documentId,
    accountIban,
    currency,
    fromDate: dateOf(textAt(item, 'FrToDt/FrDtTm')),
    toDate: dateOf(textAt(item, 'FrToDt/ToDtTm')),
    openingBalance: opening ? opening.amount : null,
    closingBalance: closing ? closing.amount : null,
    lines,
    skipped,
  };
}

function firstEntryCurrency(item: XmlNode): string | undefined {
  const entry = children(item, 'Ntry').find(isNode);
  return attribute(entry ? child(entry, 'Amt') : undefined, 'Ccy');
}

/** A balance's amount, negative when the bank says it is a debit balance. */
function signedAmount(balance: XmlNode, at: string) {
  const { amount, currency } = amountAt(balance, 'Amt', at);
  return { amount: direction(balance, at) === 'debit' ? -amount : amount, currency };
}

function amountAt(node: XmlNode, name: string, at: string): { amount: number; currency: string } {
  const element = child(node, name);
  const text = textOf(element);
  if (text === undefined) throw statementProblem(`${at}/${name}`, 'is missing or empty');
  const currency = attribute(element, 'Ccy') ?? '';
  const parsed = parseDecimalAmount(text, currency);
  if ('problem' in parsed) throw statementProblem(`${at}/${name}`, parsed.problem);
  return { amount: parsed.amount, currency };
}

function direction(node: XmlNode, at: string): 'credit' | 'debit' {
  const indicator = requireText(node, 'CdtDbtInd', at);
  if (indicator === 'CRDT') return 'credit';
  if (indicator === 'DBIT') return 'debit';
  throw statementProblem(`${at}/CdtDbtInd`, `is "${indicator}"; expected CRDT or DBIT`);
}

function dateOf(value: string | undefined): string | null {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return match ? match[1]! : null;
}

function dateAt(entry: XmlNode, name: string, at: string): string | null {
  const value = textAt(entry, `${name}/Dt`) ?? textAt(entry, `${name}/DtTm`);
  if (value === undefined) return null;
  const date = dateOf(value);
  if (!date) throw statementProblem(`${at}/${name}`, `"${value}" is not an ISO date`);
  return date;
}

function readEntry(entry: XmlNode, at: string): StatementLine[] {
  const total = amountAt(entry, 'Amt', at);
  const entryDirection = direction(entry, at);
  const bookingDate = dateAt(entry, 'BookgDt', at);
  if (!bookingDate) throw statementProblem(`${at}/BookgDt`, 'is missing: a booked entry has a booking date');
  const valueDate = dateAt(entry, 'ValDt', at);
  const entryRef = textAt(entry, 'AcctSvcrRef') ?? null;
  const details = children(entry, 'NtryDtls')
    .filter(isNode)
    .flatMap((group, groupIndex) => children(group, 'TxDtls').map((detail, index) => ({ detail, path: `${at}/NtryDtls[${groupIndex + 1}]/TxDtls[${index + 1}]` })));
  const base = { entryRef, bookingDate, valueDate, currency: total.currency };
  if (details.length === 0) {
    return [{ ...base, ...emptyDetail, path: at, detailIndex: 0, detailCount: 1, amount: total.amount, direction: entryDirection, acctSvcrRef: entryRef }];
  }
  const lines = details.map(({ detail, path }, index): StatementLine => {
    if (!isNode(detail)) throw statementProblem(path, 'is empty');
    // A single detail may leave its amount to the entry; in a batch each detail names its own.
    const txAmount = nodeAt(detail, 'AmtDtls/TxAmt');
    const holder = child(detail, 'Amt') !== undefined ? { node: detail, at: path } : txAmount ? { node: txAmount, at: `${path}/AmtDtls/TxAmt` } : null;
    if (!holder && details.length > 1) throw statementProblem(`${path}/Amt`, 'is missing: each transaction of a batch entry needs its amount');
    const amount = holder ? amountAt(holder.node, 'Amt', holder.at) : total;
    if (amount.currency !== total.currency) throw statementProblem(`${holder?.at ?? path}/Amt`, `is in ${amount.currency}, the entry in ${total.currency}`);
    const lineDirection = textAt(detail, 'CdtDbtInd') ? direction(detail, path) : entryDirection;
    return { ...base, ...readDetail(detail, lineDirection), path, detailIndex: index, detailCount: details.length, amount: amount.amount, direction: lineDirection };
  });
  const sum = lines.reduce((all, line) => all + (line.direction === entryDirection ? line.amount : -line.amount), 0);
  if (sum !== total.amount) throw statementProblem(`${at}/Amt`, `is ${total.amount} minor units but its transaction details add up to ${sum}`);
  return lines;
}

const emptyDetail = { endToEndId: null, reference: null, referenceType: null, remittanceText: null, counterpartyName: null, counterpartyIban: null };

function readDetail(detail: XmlNode, lineDirection: 'credit' | 'debit') {
  const endToEnd = textAt(detail, 'Refs/EndToEndId');
  // For money in, the other party is the debtor; for money out, the creditor.
  const party = lineDirection === 'credit' ? 'Dbtr' : 'Cdtr';
  const name = textAt(detail, `RltdPties/${party}/Pty/Nm`) ?? textAt(detail, `RltdPties/${party}/Nm`);
  const iban = textAt(detail, `RltdPties/${party}Acct/Id/IBAN`);
  const structured = children(nodeAt(detail, 'RmtInf') ?? {}, 'Strd').filter(isNode);
  let reference: string | null = null;
  let referenceType: 'QRR' | 'SCOR' | null = null;
  for (const strd of structured) {
    const ref = textAt(strd, 'CdtrRefInf/Ref');
    const type = textAt(strd, 'CdtrRefInf/Tp/CdOrPrtry/Prtry') ?? textAt(strd, 'CdtrRefInf/Tp/CdOrPrtry/Cd');
    if (ref && (type === 'QRR' || type === 'SCOR')) {
      reference = ref.replaceAll(' ', '').toUpperCase();
      referenceType = type;
      break;
    }
  }
  const texts = [
    ...children(nodeAt(detail, 'RmtInf') ?? {}, 'Ustrd').map(textOf),
    ...structured.flatMap((strd) => children(strd, 'AddtlRmtInf').map(textOf)),
    textAt(detail, 'AddtlTxInf'),
  ].filter((value): value is string => Boolean(value));
  return {
    acctSvcrRef: textAt(detail, 'Refs/AcctSvcrRef') ?? null,
    endToEndId: endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : null,
    reference,
    referenceType,
    remittanceText: texts.length > 0 ? texts.join(' / ') : null,
    counterpartyName: name ?? null,
    counterpartyIban: iban ? iban.replaceAll(' ', '').toUpperCase() : null,
  };
}
