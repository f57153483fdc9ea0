import { API_KEY_METRIC, apiIdFrom, expiryWarning, keyReport, metricLine, watchApiKeys, WARNING_DAYS, type ListedKey } from './key-expiry';

const NOW = new Date('2026-11-27T00:00:05.000Z');
const DAY = 24 * 60 * 60;
/** `expires` as ListApiKeys gives it: seconds since the epoch. */
const inDays = (days: number) => Math.floor(NOW.getTime() / 1000) + Math.round(days * DAY);
const API = 'abcdefghijklmnopqrstuvwxyz';

describe('days left', () => {
  it('counts whole days until the key expires', () => {
    expect(keyReport([{ id: 'da2-aaaa', expires: inDays(364.9) }], NOW)).toEqual({
      daysLeft: 364,
      keyCount: 1,
      key: { id: 'da2-aaaa', expiresAt: new Date(inDays(364.9) * 1000).toISOString() },
    });
    expect(keyReport([{ id: 'k', expires: inDays(0.5) }], NOW).daysLeft).toBe(0);
  });

  it('counts the key that runs out first, ignoring keys that already expired', () => {
    const keys: ListedKey[] = [
      { id: 'later', expires: inDays(200) },
      { id: 'expired', expires: inDays(-3) },
      { id: 'sooner', expires: inDays(40) },
    ];
    expect(keyReport(keys, NOW)).toMatchObject({ daysLeft: 40, keyCount: 3, key: { id: 'sooner' } });
  });

  it('goes negative once every key has expired, counting from the newest expiry', () => {
    expect(
      keyReport(
        [
          { id: 'old', expires: inDays(-50) },
          { id: 'newer', expires: inDays(-2) },
        ],
        NOW,
      ),
    ).toMatchObject({ daysLeft: -2, key: { id: 'newer' } });
  });

  it('reports 0 when the API has no key to count', () => {
    expect(keyReport([], NOW)).toEqual({ daysLeft: 0, keyCount: 0 });
    expect(keyReport([{ id: 'undated' }], NOW)).toEqual({ daysLeft: 0, keyCount: 1 });
  });
});

describe('the metric line (CloudWatch embedded metric format)', () => {
  const line = metricLine(API, keyReport([{ id: 'da2-aaaa', expires: inDays(12) }], NOW), NOW);
  const document = JSON.parse(line) as Record<string, unknown> & {
    _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[] };
  };

  it('is one JSON object on one line, with nothing before or after it', () => {
    expect(line).not.toContain('\n');
    expect(line.startsWith('{') && line.endsWith('}')).toBe(true);
  });

  it('declares the metric in an _aws directive with the time in epoch milliseconds', () => {
    expect(document._aws).toEqual({
      Timestamp: NOW.getTime(),
      CloudWatchMetrics: [{ Namespace: 'Folio', Dimensions: [['GraphQLAPIId']], Metrics: [{ Name: 'ApiKeyDaysLeft', Unit: 'None' }] }],
    });
  });

  it('carries the value and every dimension the directive names as members of the same object', () => {
    expect(document[API_KEY_METRIC.name]).toBe(12);
    expect(document[API_KEY_METRIC.dimension]).toBe(API);
    for (const directive of document._aws.CloudWatchMetrics) {
      for (const name of [...directive.Dimensions.flat(), ...directive.Metrics.map((metric) => metric.Name)]) expect(document).toHaveProperty([name]);
    }
  });
});

describe('the warning', () => {
  const warningFor = (days: number) => expiryWarning(API, keyReport([{ id: 'da2-0123456789wxyz', expires: inDays(days) }], NOW));

  it(`says nothing with ${WARNING_DAYS} days or more left`, () => {
    expect(warningFor(WARNING_DAYS)).toBeUndefined();
    expect(warningFor(300)).toBeUndefined();
  });

  it('names the days left, the API, the end of the key (not the key) and what to do, under 30 days', () => {
    const warning = warningFor(29.9);
    expect(warning).toMatch(/expires in 29 days/);
    expect(warning).toContain(API);
    expect(warning).toContain('…wxyz');
    expect(warning).not.toContain('da2-0123456789wxyz');
    expect(warning).toMatch(/Redeploy the branch/);
    expect(warningFor(1.5)).toMatch(/expires in 1 day,/);
  });

  it('says the key has expired, or that there is none', () => {
    expect(warningFor(-1)).toMatch(/expired at .*visitors' pages cannot read the API/);
    expect(expiryWarning(API, keyReport([], NOW))).toMatch(/has no API key/);
  });
});

describe('a run', () => {
  const run = (keys: ListedKey[] | Error) => {
    const emitted: string[] = [];
    const warned: string[] = [];
    const asked: string[] = [];
    const listKeys = async (apiId: string) => {
      asked.push(apiId);
      if (keys instanceof Error) throw keys;
      return keys;
    };
    const result = watchApiKeys(API, listKeys, { now: NOW, emit: (line) => emitted.push(line), warn: (message) => warned.push(message) });
    return { result, emitted, warned, asked };
  };

  it('lists the API it was given, emits one metric line and no warning for a fresh key', async () => {
    const { result, emitted, warned, asked } = run([{ id: 'k', expires: inDays(365) }]);
    await expect(result).resolves.toMatchObject({ daysLeft: 365 });
    expect(asked).toEqual([API]);
    expect(emitted).toHaveLength(1);
    expect(JSON.parse(emitted[0]!)).toMatchObject({ ApiKeyDaysLeft: 365 });
    expect(warned).toEqual([]);
  });

  it('warns once beside the metric when the key is close to expiry', async () => {
    const { result, emitted, warned } = run([{ id: 'k', expires: inDays(3) }]);
    await result;
    expect(emitted).toHaveLength(1);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/expires in 3 days/);
  });

  it('reports nothing when the keys cannot be listed, so the alarm sees missing data', async () => {
    const { result, emitted } = run(new Error('AccessDeniedException'));
    await expect(result).rejects.toThrow('AccessDeniedException');
    expect(emitted).toEqual([]);
  });
});

test('the API id comes from the environment amplify/backend.ts sets', () => {
  expect(apiIdFrom({ GRAPHQL_API_ID: API })).toBe(API);
  expect(() => apiIdFrom({})).toThrow(/GRAPHQL_API_ID/);
});
