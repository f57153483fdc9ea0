// One Lambda execution environment: a child process that loads the function's built code once and
// serves one invocation at a time, as Lambda's Node.js runtime does. Plain JavaScript on purpose:
// it runs the app's bundle, never the backend's TypeScript (no loader is inherited).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const { codeDirectory, handler } = JSON.parse(process.argv[2] ?? '{}');
/** Sends a message to the backend; `then` runs once it is on its way. */
const reply = (message, then) => process.send?.(message, then);
const separator = handler.lastIndexOf('.');
const file = handler.slice(0, separator);
const exportName = handler.slice(separator + 1);

let loading;
function load() {
  loading ??= (async () => {
    const candidate = ['.mjs', '.js', '.cjs'].map((extension) => join(codeDirectory, `${file}${extension}`)).find((path) => existsSync(path));
    if (!candidate) throw Object.assign(new Error(`Cannot find module '${file}'`), { name: 'Runtime.ImportModuleError' });
    const code = await import(pathToFileURL(candidate).href);
    const exported = code[exportName] ?? code.default?.[exportName];
    if (typeof exported !== 'function') {
      throw Object.assign(new Error(`${file}.${exportName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
    }
    return exported;
  })();
  return loading;
}

/** What Lambda reports for an error: its type, its message and the stack as lines. */
function errorReport(error) {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

// The init phase: load the handler's module now, before any invocation's clock starts.
load().then(
  () => reply({ initialized: true }),
  (error) => reply({ initError: errorReport(error) }),
);

// A rejection nobody awaited ends the execution environment on Lambda; the runtime sees the exit.
process.on('unhandledRejection', (reason) => {
  reply({ crashed: { ...errorReport(reason), errorType: 'Runtime.UnhandledPromiseRejection' } }, () => process.exit(128));
});

// The backend going away (a kill, a crash) ends this environment too.
process.on('disconnect', () => process.exit(0));

process.on('message', async ({ id, event, context }) => {
  const { deadline, ...fields } = context;
  const lambdaContext = {
    ...fields,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const handle = await load();
    const result = await new Promise((resolve, reject) => {
      const callback = (error, value) => (error ? reject(error) : resolve(value));
      Object.assign(lambdaContext, { done: callback, succeed: (value) => resolve(value), fail: (error) => reject(error) });
      const returned = handle(event, lambdaContext, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handle.length < 3) resolve(returned);
    });
    // Lambda returns the handler's value serialized as JSON; undefined becomes null.
    reply({ id, ok: true, payload: JSON.stringify(result === undefined ? null : result) });
  } catch (error) {
    reply({ id, ok: false, error: errorReport(error) });
  }
});
