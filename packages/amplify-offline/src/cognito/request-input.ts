import { CognitoError } from './errors';

/** AWS reports members in lowerCamelCase in validation messages ("Value null at 'username' ..."). */
const memberName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

const validationError = (detail: string): CognitoError => new CognitoError('InvalidParameterException', `1 validation error detected: ${detail}`);

/** Typed access to a JSON request body, failing with the errors Cognito's request validation produces. */
export class RequestInput {
  constructor(private readonly body: Record<string, unknown>) {}

  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') {
      throw validationError(`Value null at '${memberName(name)}' failed to satisfy constraint: Member must not be null`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new CognitoError('SerializationException', `${name} must be a string`);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new CognitoError('SerializationException', `${name} must be a boolean`);
    return value;
  }

  optionalNumber(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw new CognitoError('SerializationException', `${name} must be a number`);
    return value;
  }

  optionalStringList(name: string): string[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new CognitoError('SerializationException', `${name} must be a list of strings`);
    }
    return value as string[];
  }

  /** Nested structures such as SoftwareTokenMfaSettings, read with the same typed accessors. */
  optionalStruct(name: string): RequestInput | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CognitoError('SerializationException', `${name} must be a structure`);
    }
    return new RequestInput(value as Record<string, unknown>);
  }

  /** String maps such as AuthParameters and ChallengeResponses. */
  map(name: string): Record<string, string> {
    const value = this.body[name];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CognitoError('SerializationException', `${name} must be a map`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
    }
    return out;
  }

  /** AttributeType lists ([{ Name, Value }]) folded into a record; later duplicates win, as in Cognito. */
  attributes(name: string): Record<string, string> {
    const value = this.body[name];
    if (value === undefined || value === null) return {};
    if (!Array.isArray(value)) throw new CognitoError('SerializationException', `${name} must be a list`);
    const out: Record<string, string> = {};
    for (const item of value as unknown[]) {
      const attr = item as { Name?: unknown; Value?: unknown } | null;
      if (!attr || typeof attr.Name !== 'string' || attr.Name === '') {
        throw validationError(`Value null at '${memberName(name)}.member.name' failed to satisfy constraint: Member must not be null`);
      }
      out[attr.Name] = typeof attr.Value === 'string' ? attr.Value : '';
    }
    return out;
  }
}
