/**
 * The tick a scheduled evaluation counts as: the minute its cron job was created for. Two jobs for
 * one minute (two schedulers, a job retried after a crash) share it, so the evaluation row's
 * unique (monitor, tick) key lets only one of them count.
 */
export function tickOf(jobCreatedOn: Date): Date {
  return new Date(Math.floor(jobCreatedOn.getTime() / 60_000) * 60_000);
}
