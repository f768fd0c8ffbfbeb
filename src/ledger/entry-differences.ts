// What a repeated request changed compared with the entry booked under its idempotency key.
// A client that reuses a key for other content has a bug or a collision; answering with the
// old entry would hide it, so every field a client sends is compared.
import type { FieldProblem } from '../errors.js';
import { type EntryView, normalizeRate } from './read-entries.js';

export interface EntryRequest {
  date: string;
  text: string;
  currency: string;
  rate?: string;
  reference?: string;
  lines: { account: string; debit?: number; credit?: number }[];
}

export function entryDifferences(entry: EntryView, request: EntryRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const compare = (field: string, booked: string | number | null, sent: string | number | null) => {
    if (booked === sent) return;
    const shown = booked === null ? 'none' : JSON.stringify(booked);
    problems.push({ field, message: `the entry booked under this key has ${shown}` });
  };
  compare('date', entry.date, request.date);
  compare('text', entry.text, request.text);
  compare('currency', entry.currency, request.currency);
  // A CHF entry is booked at 1 whether the client sent "1" or nothing.
  const sentRate = request.rate === undefined ? (request.currency === 'CHF' ? '1' : null) : normalizeRate(request.rate);
  compare('rate', entry.lines[0]?.rate ?? null, sentRate);
  compare('reference', entry.sourceRef, request.reference ?? null);
  if (entry.lines.length !== request.lines.length) {
    compare('lines', `${entry.lines.length} lines`, `${request.lines.length} lines`);
    return problems;
  }
  request.lines.forEach((line, index) => {
    const booked = entry.lines[index]!;
    compare(`lines.${index}.account`, booked.account, line.account);
    compare(`lines.${index}.debit`, booked.debit, line.debit ?? 0);
    compare(`lines.${index}.credit`, booked.credit, line.credit ?? 0);
  });
  return problems;
}
