import { createRequire } from 'node:module';
import type { DocumentNode, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { ApiLimits } from './simulator-config';

// The simulator's own copy of graphql: its schema's types are checked and its documents parsed
// with the same module, whichever copy npm gave the app at its top level.
const { defaultFieldResolver, GraphQLError, isObjectType, parse, visit } = createRequire(require.resolve('@aws-amplify/amplify-appsync-simulator'))(
  'graphql',
) as typeof import('graphql');

/**
 * The API's introspection switch, checked before execution: with introspection off, a request
 * that selects `__schema` or `__type` is a validation error, as the field does not exist for it
 * (`__typename` stays allowed, as in AppSync). Returns the errors, or none.
 */
export function introspectionErrors(query: unknown, limits: ApiLimits): InstanceType<typeof GraphQLError>[] {
  if (limits.introspection || typeof query !== 'string') return [];
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    // A syntax error is the simulator's to report.
    return [];
  }
  const errors: InstanceType<typeof GraphQLError>[] = [];
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        errors.push(
          new GraphQLError(`Validation error of type FieldUndefined: Field '${node.name.value}' in type 'Query' is undefined @ '${node.name.value}'`, node),
        );
      }
    },
  });
  return errors;
}

/** Nested levels of a field: its path without list indices (a top-level field is level 1). */
function levels(path: GraphQLResolveInfo['path'] | undefined): number {
  let count = 0;
  for (let at = path; at; at = at.prev) if (typeof at.key === 'string') count += 1;
  return count;
}

/**
 * The query depth and resolver count limits, enforced while executing as AppSync does: a field
 * past the depth limit, or a resolver past the count, answers null with an error (which moves up
 * to the nearest nullable field), and the rest of the response stands. The counts are per
 * request (the simulator makes one context object per request).
 */
export function enforceExecutionLimits(schema: GraphQLSchema, limits: ApiLimits, resolverFields: ReadonlySet<string>): void {
  if (limits.queryDepth === 0 && limits.resolverCount === 0) return;
  const invoked = new WeakMap<object, number>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const countsAsResolver = limits.resolverCount > 0 && resolverFields.has(`${type.name}.${field.name}`);
      if (limits.queryDepth === 0 && !countsAsResolver) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: object, info) => {
        if (limits.queryDepth > 0 && levels(info.path) > limits.queryDepth) {
          throw new GraphQLError(`Query depth limit of ${limits.queryDepth} exceeded: ${field.name} is ${levels(info.path)} levels deep.`);
        }
        if (countsAsResolver) {
          const count = (invoked.get(context) ?? 0) + 1;
          invoked.set(context, count);
          if (count > limits.resolverCount)
            throw new GraphQLError(`Resolver count limit of ${limits.resolverCount} exceeded: ${type.name}.${field.name} was not resolved.`);
        }
        return resolve(source, args, context, info) as unknown;
      };
    }
  }
}
