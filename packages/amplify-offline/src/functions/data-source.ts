import { addDataLoader } from '@aws-amplify/amplify-appsync-simulator';
import { FunctionError, type FunctionRuntime } from './runtime';

/** The simulator's data-source type for the app's functions (its own Lambda loader logs every error a function throws as a crash). */
export const FUNCTION_DATA_SOURCE = 'AMPLIFY_OFFLINE_FUNCTION';

interface FunctionSourceConfig {
  name: string;
  functionArn: string;
  runtime: FunctionRuntime;
}

/** AppSync's Lambda request: `Invoke` with a payload, synchronously (RequestResponse) or as an event. */
interface InvokeRequest {
  operation?: string;
  payload?: unknown;
  invocationType?: string;
}

/**
 * Invokes a function for a resolver as AppSync's Lambda data source does: the mapping template's
 * payload is the event; the function's result is `$ctx.result`; a function error becomes
 * `$ctx.error` with AppSync's type `Lambda:Unhandled` and the function's message.
 */
class FunctionDataLoader {
  constructor(private readonly config: FunctionSourceConfig) {}

  async load(request: InvokeRequest): Promise<unknown> {
    const { runtime, functionArn, name } = this.config;
    if (request.operation !== 'Invoke') {
      throw Object.assign(new Error(`Data source ${name}: the ${String(request.operation)} operation is not served offline (only Invoke).`), {
        type: 'MappingTemplate',
      });
    }
    const payload = request.payload ?? null;
    if (request.invocationType === 'Event') {
      // Fire and forget, as AppSync does: the resolver gets null at once; failures are only logged.
      runtime.invoke(functionArn, payload).catch(() => undefined);
      return null;
    }
    try {
      return await runtime.invoke(functionArn, payload);
    } catch (error) {
      if (error instanceof FunctionError) throw Object.assign(new Error(error.errorMessage), { type: 'Lambda:Unhandled' });
      throw error;
    }
  }
}

let registered = false;
/** Registers the loader with the simulator (once per process: the simulator's registry is global). */
export function registerFunctionDataSource(): void {
  if (registered) return;
  // The registry is keyed by any string at run time; its type lists only the simulator's own kinds.
  addDataLoader(FUNCTION_DATA_SOURCE as Parameters<typeof addDataLoader>[0], FunctionDataLoader as unknown as Parameters<typeof addDataLoader>[1]);
  registered = true;
}
