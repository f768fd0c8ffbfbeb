// camt fixtures (test/fixtures/camt) filled in for a test, posted as a bank would deliver
// them, and the checks every reconciliation test ends with.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { apiClient } from './app.js';

type Api = ReturnType<typeof apiClient>;

export function camtFixture(name: string, values: Record<string, string> = {}): string {
  const text = readFileSync(new URL(`../fixtures/camt/${name}`, import.meta.url), 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (_all, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`fixture ${name} needs ${key}`);
    return value;
  });
}

export interface ImportedEntry {
  id: string;
  amount: number;
  currency: string;
  direction: string;
  status: string;
  note: string | null;
  reference: string | null;
  referenceType: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittanceText: string | null;
  endToEndId: string | null;
  acctSvcrRef: string | null;
  bookingDate: string;
  detailIndex: number;
  detailCount: number;
  invoiceId: string | null;
  journalEntryId: string | null;
}

export interface ImportResult {
  statements: { id: string; duplicate: boolean; imported: number; alreadyImported: number; skipped: { path: string }[]; entries: ImportedEntry[] }[];
  errors?: { field: string; message: string }[];
  detail?: string;
  code?: string;
}

export const postStatement = (api: Api, xml: string, contentType = 'application/xml') =>
  api.post<ImportResult>('/api/v1/bank-statements', xml, { 'Content-Type': contentType });

/** The trial balance up to the far future balances in CHF. */
export async function expectTrialBalanced(api: Api) {
  const trial = await api.get<{ totalDebitChf: number; totalCreditChf: number; accounts: { account: string; balanceChf: number }[] }>(
    '/api/v1/journal/trial-balance?date=2099-12-31',
  );
  expect(trial.status, trial.text).toBe(200);
  expect(trial.body.totalDebitChf).toBe(trial.body.totalCreditChf);
  return trial.body;
}

export const balanceOf = (trial: { accounts: { account: string; balanceChf: number }[] }, account: string) =>
  trial.accounts.find((row) => row.account === account)?.balanceChf ?? 0;

export interface SystemAccountView {
  balanceChf: number;
  openItemsChf: number;
  groups: { currency: string; total: number; items: { attemptId: string; ageDays: number; amount: number }[] }[];
  capturedNotBooked: unknown[];
  bookedNotPaidOut: unknown[];
  feesBooked: { entryId: string; amount: number; amountChf: number }[];
}

/** What every reconciliation test ends with: the books balance and 1029 is its open items. */
export async function expectBooksExplained(api: Api) {
  const trial = await expectTrialBalanced(api);
  const view = await api.get<SystemAccountView>('/api/v1/reconciliation/system-account');
  expect(view.status, view.text).toBe(200);
  expect(view.body.balanceChf).toBe(view.body.openItemsChf);
  expect(balanceOf(trial, '1029')).toBe(view.body.openItemsChf);
  return { trial, view: view.body };
}
