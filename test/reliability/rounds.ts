// One round of the reliability run: a few payers and an accountant at work, each starting a
// random moment into the round, and one of them the victim: when it reaches the chosen
// phase the server is SIGKILLed a random 0–300 ms later, wherever the others are.
import { type Announce, type PaymentChoice, type Phase, comeBack, isCutOff, pay, refund } from './payer.js';
import type { ServerUnderTest } from './processes.js';
import type { HttpApi, SentInvoice } from './shop.js';

/** mulberry32: small and seeded, so RELIABILITY_SEED replays a run's choices. */
export function dice(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}
export type Dice = ReturnType<typeof dice>;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Resume {
  backUrl: string;
  tries: number;
}

export interface Task {
  phases: Phase[];
  run(announce: Announce): Promise<void>;
  /** The kill came before the task's turn: it comes again next round. */
  skip(): void;
}

export interface RunState {
  dice: Dice;
  api: HttpApi;
  origin: string;
  /** Invoices nobody is paying. */
  pool: SentInvoice[];
  /** Payers holding a page that broke, to reload it next round. */
  resumes: Resume[];
  stats: { flows: Record<string, number>; refunds: Record<string, number>; killedIn: Record<string, number> };
}

const count = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

// Mostly approved; the uncertain outcomes are settled by the acquirer before the job runs.
function paymentChoice({ next, pick }: Dice): PaymentChoice {
  if (next() < 0.3) {
    const outcome = next() < 0.8 ? 'approve' : pick(['decline', 'cancel', 'uncertain'] as const);
    return { provider: 'postfinance', outcome, postsale: pick(['online', 'online', 'deferred', 'repeated', 'lost'] as const) };
  }
  const outcome = next() < 0.8 ? 'approve' : pick(['decline', 'abort', 'pending'] as const);
  return { provider: 'saferpay', method: next() < 0.6 ? 'CARD' : 'TWINT', outcome, notify: pick(['normal', 'normal', 'late', 'twice', 'none'] as const) };
}

/** A captured payment with something left to refund and no refund pending: in full, or a third at Saferpay. */
async function refundCandidate(state: RunState) {
  type Item = { id: string; provider: string; state: string; capturedAmount: number; refundedAmount: number; refunds: { state: string }[] };
  const answer = await state.api.get<{ items: Item[] }>('/api/v1/payments');
  if (answer.status !== 200) throw new Error(`listing payments: ${answer.status} ${answer.text}`);
  const refundable = answer.body.items.filter((p) => p.state === 'captured' && p.capturedAmount > p.refundedAmount && !p.refunds.some((r) => r.state === 'pending'));
  if (refundable.length === 0) return null;
  const payment = state.dice.pick(refundable);
  const partial = payment.provider === 'saferpay' && state.dice.next() < 0.5;
  return { id: payment.id, amount: partial ? Math.floor((payment.capturedAmount - payment.refundedAmount) / 3) || undefined : undefined };
}

/** This round's work: the payers from last round coming back, up to three new payers, now and then a refund. */
export async function planRound(state: RunState): Promise<Task[]> {
  const { dice: d, pool, stats } = state;
  const tasks: Task[] = state.resumes.splice(0).map((resume) => ({
    phases: ['return'],
    run: async (announce) => {
      announce('return');
      await comeBack(resume.backUrl).catch((error: unknown) => {
        if (!isCutOff(error)) throw error;
        if (resume.tries < 3) state.resumes.push({ backUrl: resume.backUrl, tries: resume.tries + 1 });
      });
    },
    skip: () => void state.resumes.push(resume),
  }));
  for (let i = 0; i < 3 && pool.length > 0; i++) {
    const invoice = pool.splice(d.below(pool.length), 1)[0]!;
    const choice = paymentChoice(d);
    const comesBackAnyway = d.next() < 0.3;
    // A payer whose page broke does not know whether the money went: now and then they pay again.
    const paysAgain = d.next() < 0.15;
    tasks.push({
      phases: ['start', 'provider', 'return'],
      run: async (announce) => {
        const result = await pay(state.origin, invoice.payPath, choice, announce);
        if (result.nothingToPay) return void count(stats.flows, 'found it paid');
        count(stats.flows, result.completed ? 'completed' : result.reachedProvider ? 'cut after the provider' : 'cut before the provider');
        // Nobody reached the provider, or it declined: the invoice may be paid another time.
        if (!result.reachedProvider || choice.outcome !== 'approve' || (!result.completed && paysAgain)) pool.push(invoice);
        if (result.backUrl && (!result.completed || comesBackAnyway)) state.resumes.push({ backUrl: result.backUrl, tries: 0 });
      },
      skip: () => void pool.push(invoice),
    });
  }
  const candidate = d.next() < 0.8 ? await refundCandidate(state) : null;
  if (candidate) {
    tasks.push({
      phases: ['refund'],
      run: async (announce) => {
        const status = await refund(state.api, candidate.id, candidate.amount, announce);
        count(stats.refunds, status === null ? 'cut' : String(status));
      },
      skip: () => {},
    });
  }
  return tasks;
}

/**
 * Runs the round: every task starts a random 0–1000 ms in (a task whose turn comes after the
 * kill waits for the next round), the victim's phase sets off the kill, and a victim that
 * never reaches it (nothing left to pay) has the server killed once the round is over.
 */
export async function runRound(state: RunState, server: ServerUnderTest, tasks: Task[]) {
  const d = state.dice;
  if (tasks.length === 0) {
    // Every invoice is paid and nobody is coming back: a kill with only late callbacks about.
    await server.kill();
    count(state.stats.killedIn, 'idle');
    return { target: 'idle', delayMs: 0 };
  }
  // The phase first, so refunds (one task at most) are hit as often as payers coming back.
  const target = d.pick([...new Set(tasks.flatMap((task) => task.phases))]);
  const victim = d.pick(tasks.filter((task) => task.phases.includes(target)));
  const delayMs = d.below(300);
  let killed: Promise<void> | null = null;
  let dead = false;
  const kill = () =>
    (killed ??= sleep(delayMs).then(() => {
      dead = true;
      return server.kill();
    }));
  const offsets = tasks.map(() => d.below(1000));
  await Promise.all(
    tasks.map(async (task, i) => {
      await sleep(offsets[i]!);
      if (dead && task !== victim) return task.skip();
      await task.run((phase) => {
        if (task === victim && phase === target) void kill();
      });
    }),
  );
  await kill();
  count(state.stats.killedIn, target);
  return { target, delayMs };
}
