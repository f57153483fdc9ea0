import { parseSubscriptionFilter, SubscriptionFilterError, toSubscriptionFilter, type SubscriptionFilter } from './subscription-filter';

/**
 * What a subscription's resolvers set through `$extensions` while the subscription starts. The
 * realtime endpoint puts one on the execution context of each `start`; requests without one (queries,
 * mutations) get AppSync's refusal of these subscription-only extensions.
 */
export interface SubscriptionExtensions {
  filter?: SubscriptionFilter;
  invalidationFilter?: SubscriptionFilter;
  /** Why the resolver's use of an extension cannot be served; the subscription is then refused with it. */
  refusal?: string;
}

interface RequestContext {
  subscriptionExtensions?: SubscriptionExtensions;
}

/** Velocity hands maps and lists as the simulator's Java-like wrappers; they all have toJSON. */
const plain = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON(): unknown }).toJSON()
    : value;

// The simulator's VTL has neither `$extensions` nor `$util.transform.toSubscriptionFilter`, which
// every subscription resolver Gen 2 generates calls: without them the template renders the call as
// text and the subscription fails. Both are added to its renderer here.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal modules of the simulator, typed by the casts to the members used
const { VelocityTemplate } = require('@aws-amplify/amplify-appsync-simulator/lib/velocity') as {
  VelocityTemplate: {
    prototype: { buildRenderContext: (this: unknown, ctxValues: unknown, requestContext: RequestContext, info: unknown) => Record<string, unknown> };
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { transformUtils } = require('@aws-amplify/amplify-appsync-simulator/lib/velocity/util/transform') as {
  transformUtils: Record<string, unknown>;
};

let installed = false;

/**
 * Adds `$extensions` and `$util.transform.toSubscriptionFilter` to the simulator's templates, and
 * mends its `$util.transform.toDynamoDBConditionExpression` (once per process).
 */
export function installVtlExtensions(): void {
  if (installed) return;
  installed = true;
  // The simulator's version returns the expression and its names but drops the values, so every
  // mutation called with a `condition` argument failed with "An expression attribute value used in
  // expression is not defined". AppSync returns the values the expression uses: the simulator's
  // filter transform builds them, with one for `attributeExists` that its expression never names
  // (and DynamoDB refuses an unused value), so only the values named are kept.
  const toFilterExpression = transformUtils.toDynamoDBFilterExpression as (condition: unknown) => string;
  transformUtils.toDynamoDBConditionExpression = (condition: unknown) => {
    const built = JSON.parse(toFilterExpression(condition)) as { expression: string; expressionNames?: object; expressionValues?: Record<string, unknown> };
    const named = new Set(built.expression.match(/:[A-Za-z0-9_]+/g) ?? []);
    const expressionValues = Object.fromEntries(Object.entries(built.expressionValues ?? {}).filter(([key]) => named.has(key)));
    return JSON.stringify({ ...built, expressionValues });
  };
  transformUtils.toSubscriptionFilter = (input: unknown, ignoredFields?: unknown, rules?: unknown) => {
    try {
      return toSubscriptionFilter(plain(input), plain(ignoredFields) ?? [], plain(rules) ?? undefined);
    } catch (error) {
      // A throw inside a template loses its message (the simulator reports only $util errors), so
      // the reason is kept for the subscription's refusal; the filter then matches nothing.
      lastTransformError = error instanceof Error ? error.message : String(error);
      return { filterGroup: [] };
    }
  };
  let lastTransformError: string | undefined;
  const build = VelocityTemplate.prototype.buildRenderContext;
  VelocityTemplate.prototype.buildRenderContext = function (ctxValues, requestContext, info) {
    const context = build.call(this, ctxValues, requestContext, info);
    const collected = requestContext?.subscriptionExtensions;
    // Each extension renders as nothing (velocity prints a reference whose value is undefined as its own text).
    const refuse = (reason: string) => {
      if (collected) {
        collected.refusal ??= reason;
        return '';
      }
      // The simulator reports no error thrown inside a template, so the reason goes to the log.
      console.error(`[appsync] ${reason}`);
      throw new Error(reason);
    };
    const setFilter = (key: 'filter' | 'invalidationFilter', name: string) => (filter: unknown) => {
      if (!collected) return refuse(`$extensions.${name} can only be used in the response mapping template of a subscription resolver.`);
      if (lastTransformError !== undefined) {
        const reason = lastTransformError;
        lastTransformError = undefined;
        return refuse(reason);
      }
      try {
        collected[key] = parseSubscriptionFilter(plain(filter));
      } catch (error) {
        refuse(error instanceof SubscriptionFilterError ? error.message : String(error));
      }
      return '';
    };
    context.extensions = {
      setSubscriptionFilter: setFilter('filter', 'setSubscriptionFilter'),
      setSubscriptionInvalidationFilter: setFilter('invalidationFilter', 'setSubscriptionInvalidationFilter'),
      invalidateSubscriptions: () => refuse('$extensions.invalidateSubscriptions is not served by the local data API.'),
      evictFromApiCache: () => refuse('$extensions.evictFromApiCache is not served by the local data API (it has no cache).'),
    };
    return context;
  };
}
