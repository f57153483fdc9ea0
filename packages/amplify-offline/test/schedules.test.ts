import { nextRunOf } from '../src/functions/schedules';

/** Schedule expressions in EventBridge's dialect, as Gen 2's `schedule` writes them, read the way Scheduler runs them. */
const start = new Date('2026-11-26T10:00:30.000Z');
const runs = (expression: string, count: number, timezone = 'UTC', from = start) => {
  const next = nextRunOf(expression, timezone, from, 'test');
  const found: string[] = [];
  let after = from;
  for (let index = 0; index < count; index += 1) {
    const at = next(after);
    if (!at) break;
    found.push(at.toISOString());
    after = at;
  }
  return found;
};

describe('schedule expressions', () => {
  it('runs every minute on the minute (Gen 2 writes "every 1m" as cron(*/1 * * * ? *))', () => {
    expect(runs('cron(*/1 * * * ? *)', 3)).toEqual(['2026-11-26T10:01:00.000Z', '2026-11-26T10:02:00.000Z', '2026-11-26T10:03:00.000Z']);
  });

  it('counts rates from when the schedule started', () => {
    expect(runs('rate(5 minutes)', 2)).toEqual(['2026-11-26T10:05:30.000Z', '2026-11-26T10:10:30.000Z']);
    expect(runs('rate(1 day)', 1)).toEqual(['2026-11-27T10:00:30.000Z']);
  });

  it('numbers weekdays from Sunday = 1, as EventBridge does (2-6 is Monday to Friday)', () => {
    // 2026-11-26 is a Thursday: the next weekday runs at 09:00 are Friday, then Monday.
    expect(runs('cron(0 9 ? * 2-6 *)', 2)).toEqual(['2026-11-27T09:00:00.000Z', '2026-11-30T09:00:00.000Z']);
    expect(runs('cron(0 9 ? * 1 *)', 1)).toEqual(['2026-11-29T09:00:00.000Z']);
    // The third Friday (6#3): the week number after # is not a weekday.
    expect(runs('cron(0 9 ? * 6#3 *)', 1)).toEqual(['2026-12-18T09:00:00.000Z']);
  });

  it('honours the schedule time zone', () => {
    expect(runs('cron(0 9 * * ? *)', 1, 'Europe/Berlin')).toEqual(['2026-11-27T08:00:00.000Z']);
  });

  it('keeps to the years named, and ends after them', () => {
    expect(runs('cron(0 0 1 1 ? 2027)', 2)).toEqual(['2027-01-01T00:00:00.000Z']);
  });

  it('refuses what it cannot run, naming the schedule', () => {
    expect(() => nextRunOf('at(2026-12-01T10:00:00)', 'UTC', start, 'Stack/Schedule')).toThrow(
      'Stack/Schedule: the schedule expression at(2026-12-01T10:00:00) is not served offline',
    );
    expect(() => nextRunOf('cron(0 9 * * ?)', 'UTC', start, 'Stack/Schedule')).toThrow('must have six fields');
    expect(() => nextRunOf('cron(0 9 ? * 8 *)', 'UTC', start, 'Stack/Schedule')).toThrow('day of week 8 is outside 1-7');
    expect(() => nextRunOf('rate(0 minutes)', 'UTC', start, 'Stack/Schedule')).toThrow('not a positive rate');
  });
});
