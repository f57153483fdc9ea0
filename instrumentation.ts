/** Runs once when the Next.js server starts. */
export async function register(): Promise<void> {
  // The import sits inside the condition, where the bundler sees it is dead code for the edge
  // runtime; Node-only modules (node:fs, node:tls) would otherwise fail the edge compile.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { onServerStart } = await import('./lib/server-start');
    onServerStart();
  }
}
