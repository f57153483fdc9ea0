/**
 * AppSync's enhanced subscription filters: the `{ filterGroup: [{ filters: [{ fieldName, operator,
 * value }] }] }` objects `$extensions.setSubscriptionFilter` takes and `$util.transform.toSubscriptionFilter`
 * builds from a model filter input (Gen 2's `ModelSubscription…FilterInput`, and the owner and group
 * filters its auth steps add). An event is delivered when every filter of at least one group holds.
 */

export interface FilterCondition {
  fieldName: string;
  operator: Operator;
  value: unknown;
}

export interface SubscriptionFilter {
  filterGroup: { filters: FilterCondition[] }[];
}

const OPERATORS = ['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny'] as const;
type Operator = (typeof OPERATORS)[number];
const isOperator = (name: string): name is Operator => (OPERATORS as readonly string[]).includes(name);

/** AppSync's documented limits: at most 10 groups per filter, 5 filters per group. */
const MAX_GROUPS = 10;
const MAX_FILTERS = 5;

export class SubscriptionFilterError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** One conjunction of conditions; a filter input becomes an OR of these (disjunctive normal form). */
type Conjunction = FilterCondition[];

function conditionsOf(fieldName: string, operations: unknown): Conjunction {
  if (!isRecord(operations)) throw new SubscriptionFilterError(`The subscription filter on ${fieldName} must be an object of operators.`);
  return Object.entries(operations)
    .filter(([, value]) => value !== undefined)
    .map(([operator, value]) => {
      if (!isOperator(operator)) throw new SubscriptionFilterError(`The subscription filter operator ${operator} (on ${fieldName}) is not supported.`);
      return { fieldName, operator, value };
    });
}

/** `and` multiplies out, `or` unions, fields of one object are ANDed. */
function disjunction(input: unknown, ignored: Set<string>, prefix = ''): Conjunction[] {
  if (!isRecord(input)) throw new SubscriptionFilterError('A subscription filter must be an object.');
  let result: Conjunction[] = [[]];
  const and = (right: Conjunction[]) => {
    result = result.flatMap((left) => right.map((conjunction) => [...left, ...conjunction]));
  };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (key === 'and') {
      if (!Array.isArray(value)) throw new SubscriptionFilterError('A subscription filter `and` must be a list.');
      for (const part of value) and(disjunction(part, ignored, prefix));
    } else if (key === 'or') {
      if (!Array.isArray(value)) throw new SubscriptionFilterError('A subscription filter `or` must be a list.');
      and(value.flatMap((part) => disjunction(part, ignored, prefix)));
    } else if (key === 'not') {
      throw new SubscriptionFilterError('The subscription filter operator not is not supported.');
    } else if (!ignored.has(key)) {
      and([conditionsOf(`${prefix}${key}`, value)]);
    }
  }
  return result;
}

function checkLimits(filter: SubscriptionFilter): SubscriptionFilter {
  if (filter.filterGroup.length > MAX_GROUPS) {
    throw new SubscriptionFilterError(`The subscription filter has ${filter.filterGroup.length} filter groups; AppSync allows ${MAX_GROUPS}.`);
  }
  for (const group of filter.filterGroup) {
    if (group.filters.length > MAX_FILTERS) {
      throw new SubscriptionFilterError(`A subscription filter group has ${group.filters.length} filters; AppSync allows ${MAX_FILTERS}.`);
    }
  }
  return filter;
}

/**
 * `$util.transform.toSubscriptionFilter(Map[, List ignoredFields[, Map rules]])`: a model filter
 * input as AppSync's filter object. `rules` (a filter ANDed to every group) is applied too.
 */
export function toSubscriptionFilter(input: unknown, ignoredFields: unknown = [], rules?: unknown): SubscriptionFilter {
  const ignored = new Set(Array.isArray(ignoredFields) ? ignoredFields.map(String) : []);
  let groups = disjunction(input, ignored);
  if (rules !== undefined && rules !== null) {
    const ruleGroups = disjunction(rules, new Set());
    groups = groups.flatMap((left) => ruleGroups.map((right) => [...left, ...right]));
  }
  // An empty input filters nothing: one group with no condition is always true.
  return checkLimits({ filterGroup: groups.map((filters) => ({ filters })) });
}

/** Checks a filter object a resolver hands to `$extensions.setSubscriptionFilter` directly. */
export function parseSubscriptionFilter(input: unknown): SubscriptionFilter {
  if (!isRecord(input) || !Array.isArray(input.filterGroup)) {
    throw new SubscriptionFilterError('setSubscriptionFilter takes an object with a filterGroup list.');
  }
  const filterGroup = input.filterGroup.map((group: unknown) => {
    if (!isRecord(group) || !Array.isArray(group.filters)) throw new SubscriptionFilterError('Each filterGroup entry must have a filters list.');
    return {
      filters: group.filters.map((filter: unknown) => {
        if (!isRecord(filter) || typeof filter.fieldName !== 'string' || typeof filter.operator !== 'string') {
          throw new SubscriptionFilterError('Each filter must have a fieldName and an operator.');
        }
        if (!isOperator(filter.operator)) throw new SubscriptionFilterError(`The subscription filter operator ${filter.operator} is not supported.`);
        return { fieldName: filter.fieldName, operator: filter.operator, value: filter.value };
      }),
    };
  });
  return checkLimits({ filterGroup });
}

function valueAt(payload: unknown, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** `actual op expected` for two numbers or two strings; false for anything else (a missing field among them). */
function compare(actual: unknown, expected: unknown, holdsFor: (order: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return holdsFor(actual - expected);
  if (typeof actual === 'string' && typeof expected === 'string') return holdsFor(actual < expected ? -1 : actual > expected ? 1 : 0);
  return false;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equal(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => equal(a[key], b[key]));
  }
  return false;
}

function holds({ fieldName, operator, value }: FilterCondition, payload: unknown): boolean {
  const actual = valueAt(payload, fieldName);
  const list: unknown[] = Array.isArray(value) ? (value as unknown[]) : [];
  switch (operator) {
    case 'eq':
      return equal(actual, value);
    case 'ne':
      return !equal(actual, value);
    case 'le':
      return compare(actual, value, (order) => order <= 0);
    case 'lt':
      return compare(actual, value, (order) => order < 0);
    case 'ge':
      return compare(actual, value, (order) => order >= 0);
    case 'gt':
      return compare(actual, value, (order) => order > 0);
    case 'contains':
      return typeof actual === 'string'
        ? typeof value === 'string' && actual.includes(value)
        : Array.isArray(actual) && actual.some((item) => equal(item, value));
    case 'notContains':
      return typeof actual === 'string'
        ? typeof value === 'string' && !actual.includes(value)
        : Array.isArray(actual) && !actual.some((item) => equal(item, value));
    case 'beginsWith':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
    case 'in':
      return list.some((item) => equal(item, actual));
    case 'notIn':
      return !list.some((item) => equal(item, actual));
    case 'between': {
      const [low, high] = list;
      return compare(actual, low, (order) => order >= 0) && compare(actual, high, (order) => order <= 0);
    }
    case 'containsAny':
      return Array.isArray(actual) && actual.some((item) => list.some((candidate) => equal(item, candidate)));
  }
}

/** Whether an event passes the filter: every filter of some group holds. */
export function matchesFilter(filter: SubscriptionFilter, payload: unknown): boolean {
  return filter.filterGroup.some((group) => group.filters.every((condition) => holds(condition, payload)));
}
