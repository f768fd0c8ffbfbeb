// Background work in the Node server: each job runs on an interval, never overlapping
// itself, and stops (waiting for the running round) on shutdown. The jobs themselves are
// plain functions, so Workers' cron triggers can call the same ones.
import type { Logger } from '../logger.js';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export function startJobs(jobs: Job[], logger: Logger) {
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) => {
    let busy = false;
    return setInterval(() => {
      if (busy) return;
      busy = true;
      const round = job
        .run()
        .then((result) => logger.debug('job round', { job: job.name, result }))
        .catch((error) => logger.error('job failed', { job: job.name, error: String(error) }))
        .finally(() => {
          busy = false;
          running.delete(round);
        });
      running.add(round);
    }, job.everyMs);
  });
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running);
    },
  };
}
