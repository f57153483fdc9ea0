/**
 * The API-key watch's logic, without AWS: which key expires first and in how many days, the
 * embedded-metric-format log line CloudWatch Logs turns into the metric production alarms on
 * (amplify/backend.ts), and the warning a person reads in the log.
 */

/** The metric the watch reports and the alarm reads. */
export const API_KEY_METRIC = { namespace: 'Folio', name: 'ApiKeyDaysLeft', dimension: 'GraphQLAPIId' } as const;

/** Under this many days left the watch warns, and production alarms. */
export const WARNING_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** An API key as ListApiKeys lists it: `expires` in seconds since the epoch. */
export interface ListedKey {
  id?: string;
  expires?: number;
}

export interface KeyReport {
  /** Whole days until the soonest-expiring key still valid expires; negative once every key has expired; 0 with no key. */
  daysLeft: number;
  keyCount: number;
  /** The key those days are counted for. */
  key?: { id: string; expiresAt: string };
}

/** The API id the function was given (amplify/backend.ts sets GRAPHQL_API_ID). */
export function apiIdFrom(env: Record<string, string | undefined>): string {
  const apiId = env.GRAPHQL_API_ID;
  if (!apiId) throw new Error('The function is missing GRAPHQL_API_ID (amplify/backend.ts sets it).');
  return apiId;
}

/**
 * Counts the days of the key that runs out first among those still valid. An expired key stays
 * listed for 60 days after it expires, and must not hide a valid one; once all have expired, the
 * newest expiry counts (a negative number of days).
 */
export function keyReport(keys: readonly ListedKey[], now: Date): KeyReport {
  const byExpiry = keys
    .filter((key): key is { id?: string; expires: number } => typeof key.expires === 'number' && Number.isFinite(key.expires))
    .sort((a, b) => a.expires - b.expires);
  const chosen = byExpiry.find((key) => key.expires * 1000 > now.getTime()) ?? byExpiry.at(-1);
  if (!chosen) return { daysLeft: 0, keyCount: keys.length };
  return {
    daysLeft: Math.floor((chosen.expires * 1000 - now.getTime()) / DAY_MS),
    keyCount: keys.length,
    key: { id: chosen.id ?? '', expiresAt: new Date(chosen.expires * 1000).toISOString() },
  };
}

/**
 * One log event in CloudWatch's embedded metric format: the `_aws` directive names the namespace,
 * the dimension set and the metric, whose values are members of the same object.
 */
export function metricLine(apiId: string, report: KeyReport, now: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: API_KEY_METRIC.namespace,
          Dimensions: [[API_KEY_METRIC.dimension]],
          // CloudWatch has no unit for days.
          Metrics: [{ Name: API_KEY_METRIC.name, Unit: 'None' }],
        },
      ],
    },
    [API_KEY_METRIC.dimension]: apiId,
    [API_KEY_METRIC.name]: report.daysLeft,
    apiKeyCount: report.keyCount,
  });
}

/** The end of a key: enough to tell keys apart in a log, not the key itself. */
const keyTail = (id: string) => (id.length > 4 ? `…${id.slice(-4)}` : id);

/** What a person reading the log must know when the key is close to expiry or gone; nothing otherwise. */
export function expiryWarning(apiId: string, report: KeyReport): string | undefined {
  const fix = 'Redeploy the branch to renew it (docs/deploy.md, "The public API key").';
  if (!report.key) return `API key watch: the data API ${apiId} has no API key, so visitors' pages cannot read it. ${fix}`;
  const key = `the public API key (${keyTail(report.key.id)}) of the data API ${apiId}`;
  if (report.daysLeft < 0) return `API key watch: ${key} expired at ${report.key.expiresAt}; visitors' pages cannot read the API. ${fix}`;
  if (report.daysLeft < WARNING_DAYS) {
    const days = report.daysLeft === 1 ? '1 day' : `${report.daysLeft} days`;
    return `API key watch: ${key} expires in ${days}, at ${report.key.expiresAt}; then visitors' pages cannot read the API. ${fix}`;
  }
  return undefined;
}

/** One run: list the keys, report the metric line, and warn when it is time to act. A failure to list throws, and no metric is reported. */
export async function watchApiKeys(
  apiId: string,
  listKeys: (apiId: string) => Promise<ListedKey[]>,
  io: { now: Date; emit(line: string): void; warn(message: string): void },
): Promise<KeyReport> {
  const report = keyReport(await listKeys(apiId), io.now);
  io.emit(metricLine(apiId, report, io.now));
  const warning = expiryWarning(apiId, report);
  if (warning) io.warn(warning);
  return report;
}
