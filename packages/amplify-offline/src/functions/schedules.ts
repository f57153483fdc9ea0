import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { CloudAssembly } from '../appsync/cloud-assembly';
import type { FunctionRuntime } from './runtime';

/**
 * The app's schedules (what `defineFunction({ schedule })` creates: EventBridge Scheduler
 * schedules, or EventBridge rules in older Gen 2 releases), run against the local functions. A
 * schedule invokes its function asynchronously, as Scheduler does; a failed run is logged and not
 * retried (Scheduler retries for up to a day).
 */

export interface ScheduleDefinition {
  name: string;
  expression: string;
  timezone: string;
  functionArn: string;
  /** What the function receives: the target's Input, or the scheduled-event notification. */
  input: string | undefined;
  source: 'aws.scheduler' | 'aws.events';
  arn: string;
}

/** When a schedule fires next, strictly after `after`; undefined when never again. */
export type NextRun = (after: Date) => Date | undefined;

const RATE_UNITS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/**
 * Reads a schedule expression: `rate(N unit)`, or `cron(minutes hours day-of-month month day-of-week year)`
 * in EventBridge's dialect (day of week 1-7 = SUN-SAT, `?` for "any", `L`, `W`, `#`). Throws, naming
 * the schedule, for anything else (one-time `at(...)` schedules are not run locally).
 */
export function nextRunOf(expression: string, timezone: string, startedAt: Date, where: string): NextRun {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression);
  if (rate) {
    const [, count = '0', unit = 'minute'] = rate;
    const period = Number(count) * (RATE_UNITS[unit] ?? 0);
    if (!(period > 0)) throw new Error(`${where}: ${expression} is not a positive rate.`);
    // Rates count from when the schedule was created (here: when the backend started).
    return (after) => new Date(startedAt.getTime() + (Math.floor((after.getTime() - startedAt.getTime()) / period) + 1) * period);
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (!cron) throw new Error(`${where}: the schedule expression ${expression} is not served offline (only rate() and cron()).`);
  const fields = (cron[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`${where}: ${expression} must have six fields (minutes hours day-of-month month day-of-week year).`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  // EventBridge numbers weekdays 1-7 from Sunday; cron-parser 0-6.
  // (After `#` comes the week of the month, which keeps its number.)
  const weekday = dayOfWeek.replace(/(#?)(\d+)/g, (whole, hash: string, day: string) => {
    if (hash) return whole;
    const value = Number(day);
    if (value < 1 || value > 7) throw new Error(`${where}: day of week ${day} is outside 1-7 in ${expression}.`);
    return String(value - 1);
  });
  const years = yearMatcher(year, where, expression);
  let parsed;
  try {
    parsed = `${minutes} ${hours} ${dayOfMonth} ${month} ${weekday}`;
    CronExpressionParser.parse(parsed, { tz: timezone });
  } catch (error) {
    throw new Error(`${where}: ${expression} could not be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  const text = parsed;
  return (after) => {
    const iterator = CronExpressionParser.parse(text, { tz: timezone, currentDate: after });
    for (let attempt = 0; attempt < 10_000; attempt += 1) {
      const next = iterator.next().toDate();
      if (years(next.getUTCFullYear())) return next;
      if (next.getUTCFullYear() > 2199) return undefined;
    }
    return undefined;
  };
}

function yearMatcher(field: string, where: string, expression: string): (year: number) => boolean {
  if (field === '*' || field === '?') return () => true;
  const parts = field.split(',').map((part) => {
    const match = /^(\d{4})(?:-(\d{4}))?$/.exec(part);
    if (!match) throw new Error(`${where}: the year field "${field}" of ${expression} is not served offline (years, ranges and lists only).`);
    return [Number(match[1]), Number(match[2] ?? match[1])] as const;
  });
  return (year) => parts.some(([from, to]) => year >= from && year <= to);
}

/** Every enabled schedule of the app whose target is a function. */
export function scheduleDefinitions(assembly: CloudAssembly): ScheduleDefinition[] {
  const { region, accountId } = assembly.pseudo;
  const found: ScheduleDefinition[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Scheduler::Schedule' && resource.Type !== 'AWS::Events::Rule') continue;
      if (resource.Condition && !stack.condition(resource.Condition)) continue;
      const properties = stack.evaluate(resource.Properties ?? {}) as Record<string, unknown>;
      if (properties.State === 'DISABLED') continue;
      const where = `${stack.name}/${logicalId}`;
      if (resource.Type === 'AWS::Scheduler::Schedule') {
        const target = properties.Target as { Arn: string; Input?: string };
        found.push({
          name: where,
          expression: String(properties.ScheduleExpression),
          timezone: String(properties.ScheduleExpressionTimezone ?? 'UTC'),
          functionArn: String(target.Arn),
          input: target.Input,
          source: 'aws.scheduler',
          arn: `arn:aws:scheduler:${region}:${accountId}:schedule/default/${logicalId}`,
        });
      } else if (properties.ScheduleExpression) {
        for (const target of (properties.Targets ?? []) as { Arn: string; Input?: string }[]) {
          if (!String(target.Arn).startsWith('arn:aws:lambda:')) continue;
          found.push({
            name: where,
            expression: String(properties.ScheduleExpression),
            timezone: 'UTC',
            functionArn: String(target.Arn),
            input: target.Input,
            source: 'aws.events',
            arn: `arn:aws:events:${region}:${accountId}:rule/${logicalId}`,
          });
        }
      }
    }
  }
  return found;
}

/** The notification a schedule without Input delivers: a "Scheduled Event". */
function scheduledEvent(schedule: ScheduleDefinition, at: Date, region: string, accountId: string): unknown {
  if (schedule.input !== undefined) return JSON.parse(schedule.input) as unknown;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: schedule.source,
    account: accountId,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [schedule.arn],
    // Scheduler sends the detail as a JSON string, EventBridge rules as an object.
    detail: schedule.source === 'aws.scheduler' ? '{}' : {},
  };
}

/**
 * Starts every schedule; returns a function that stops them. Each run is a timer to the next
 * occurrence, checked against the clock when it fires, so a laptop waking from sleep runs a missed
 * minute once rather than a backlog.
 */
export function startSchedules(
  schedules: ScheduleDefinition[],
  runtime: FunctionRuntime,
  options: { region: string; accountId: string; log: (line: string) => void; now?: () => Date },
): () => void {
  const now = options.now ?? (() => new Date());
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const schedule of schedules) {
    const definition = runtime.prepare(schedule.functionArn, `Schedule ${schedule.name}`);
    const nextRun = nextRunOf(schedule.expression, schedule.timezone, now(), schedule.name);
    const arm = (after: Date) => {
      const at = nextRun(after);
      if (!at || stopped) return;
      // Timers run at most ~24.8 days ahead; a longer wait re-arms on the way.
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (stopped) return;
          if (now().getTime() + 1000 < at.getTime()) return arm(new Date(at.getTime() - 1));
          runtime.invoke(schedule.functionArn, scheduledEvent(schedule, at, options.region, options.accountId)).catch((error: unknown) => {
            options.log(`[schedule] ${definition.label} (${schedule.expression}) failed: ${error instanceof Error ? error.message : String(error)}`);
          });
          // A late run (the machine slept) is followed by the next occurrence from now, not a backlog.
          arm(new Date(Math.max(at.getTime(), now().getTime())));
        },
        Math.min(Math.max(0, at.getTime() - now().getTime()), 2_000_000_000),
      );
      timer.unref();
      timers.add(timer);
    };
    arm(now());
  }
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
