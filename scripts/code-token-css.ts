// `npm run css:code-tokens`: rewrites app/code-tokens.css after a change to Shiki, its themes or
// the highlighting options in lib/markdown.ts (lib/markdown.test.ts fails until it is current).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_TOKENS_CSS, codeTokenCss } from '../lib/testing/code-token-css';

async function main() {
  const css = await codeTokenCss();
  writeFileSync(join(__dirname, '..', CODE_TOKENS_CSS), css);
  console.log(`${CODE_TOKENS_CSS}: ${css.split('\n').filter((line) => line.startsWith('.')).length} token classes`);
}

void main();
