// Figures for the bench: medians and spread of interleaved rounds.
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[n - 1] ?? NaN, n };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** "12.3 (11.9–13.0)": the median with the range of the rounds. */
export const withSpread = (s: Spread, digits = 1) => `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

/** Times one call in milliseconds. */
export async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Runs each job once per round, in turn, for `rounds` rounds (so a noisy neighbour hits all of
 * them alike), and gives each job's values. With `alternate`, every other round runs the jobs
 * in reverse order, so neither is always the one that runs first (or just after the other's
 * garbage, or while a load on the machine is rising).
 */
export async function interleave<K extends string>(
  rounds: number,
  jobs: Record<K, () => Promise<number>>,
  { alternate = false } = {},
): Promise<Record<K, number[]>> {
  const results = Object.fromEntries(Object.keys(jobs).map((key) => [key, [] as number[]])) as unknown as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    const keys = Object.keys(jobs) as K[];
    for (const key of alternate && round % 2 ? keys.reverse() : keys) results[key].push(await jobs[key]());
  }
  return results;
}
