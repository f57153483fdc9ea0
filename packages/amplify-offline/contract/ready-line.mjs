// @ts-check
// The one way this package's scripts (the contract check, the benchmark) wait for
// `amplify-offline start`: its stdout's line beginning `amplify-offline ready `, followed by JSON.

/**
 * Resolves with the ready line's JSON; rejects if the process exits first.
 * @param {import('node:child_process').ChildProcess} child started with stdout piped
 * @returns {Promise<any>}
 */
export function readyLine(child) {
  return new Promise((done, fail) => {
    let buffer = '';
    child.stdout?.on('data', (chunk) => {
      buffer += String(chunk);
      const line = buffer.split('\n').find((candidate) => candidate.startsWith('amplify-offline ready '));
      if (line) done(JSON.parse(line.slice('amplify-offline ready '.length)));
    });
    child.once('exit', (code) => fail(new Error(`amplify-offline exited with ${code} before it was ready:\n${buffer}`)));
  });
}

/**
 * SIGTERM, and the exit it causes.
 * @param {import('node:child_process').ChildProcess} child
 */
export function stop(child) {
  return new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}
