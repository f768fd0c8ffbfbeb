// Whether anybody paying acted on an attempt: the sign that tells a genuine attempt from
// one that was opened and left (a payer who changed their mind, or a flood). Signs that the
// provider's side moved, each of which only the provider or the payer's own browser can give:
// - a Saferpay notify or the payer's return (both carry the attempt's secret, which only
//   Saferpay and the browser that went through its page know);
// - an Assert that found a transaction (the payer entered something at Saferpay);
// - PostFinance feedback, which is only recorded once its SHA-OUT signature is verified;
// - an authorisation or a provider transaction id on the attempt.
// Opening an attempt and its Initialize are no sign: anybody with the pay link can do that.
import { type SQL, sql } from 'drizzle-orm';
import { paymentAttempts, providerEvents } from '../db/schema.js';

export const payerActed: SQL = sql`(
  ${paymentAttempts.state} = 'authorized'
  or ${paymentAttempts.providerTransactionId} is not null
  or exists (
    select 1 from ${providerEvents}
    where ${providerEvents.attemptId} = ${paymentAttempts.id}
      and (${providerEvents.kind} in ('notify', 'return') or ${providerEvents.kind} like 'assert:%' or ${providerEvents.kind} like 'feedback:%')
  )
)`;
