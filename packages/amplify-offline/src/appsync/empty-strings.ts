import { marshall } from '@aws-sdk/util-dynamodb';

type ToDynamoDB = (value: unknown) => unknown;

// The VTL utilities the simulator gives resolvers as $util.dynamodb; not exported from its index.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the simulator, typed by the cast to the one member replaced
const { dynamodbUtils } = require('@aws-amplify/amplify-appsync-simulator/lib/velocity/util/dynamodb-utils') as {
  dynamodbUtils: { toDynamoDB: ToDynamoDB };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the simulator's own JSON conversion of VTL values (Java-like maps and lists), the same it uses before marshalling
const { toJSON } = require('@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/to-json') as { toJSON: (value: unknown) => unknown };

let installed = false;

/**
 * AppSync's `$util.dynamodb.toDynamoDB("")` is `{ "S": "" }`: DynamoDB has stored empty strings in
 * non-key attributes since 2020, and a field saved as "" reads back as "". The simulator marshals
 * with the SDK's `convertEmptyValues`, which turns every "" into NULL, so it read back as null.
 * This replaces that one utility with the same conversion minus `convertEmptyValues`; an empty
 * set is still refused, as DynamoDB refuses it.
 */
export function keepEmptyStrings(): void {
  if (installed) return;
  installed = true;
  const options = { removeUndefinedValues: true };
  dynamodbUtils.toDynamoDB = (value: unknown): unknown => {
    const json = toJSON(value);
    if (Array.isArray(value)) return { L: marshall(json as unknown[], options) };
    if (json !== null && typeof json === 'object' && !Array.isArray(json) && !(json instanceof Set)) {
      return { M: marshall(json as Record<string, unknown>, options) };
    }
    return marshall(json as never, options);
  };
}
