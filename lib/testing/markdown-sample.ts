/**
 * A long post using every construct the pipeline handles (headings, inline marks, task lists,
 * tables, highlighted code, images), for the markdown test and `npm run bench:markdown`.
 * Returns one markdown section per entry, adding sections until the total reaches `bytes`.
 */
export function longPostSections(bytes: number): string[] {
  const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');
  const section = (i: number) =>
    [
      `## Section ${i}`,
      `${words(60)} with **bold**, _emphasis_, \`inline code\`, a [link](https://example.com/${i}) and ~~strike~~.`,
      '- [x] done\n- [ ] todo\n- item',
      '| a | b | c |\n| - | - | - |\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |',
      '```ts\nexport async function load(id: string): Promise<Post | null> {\n  const res = await fetch(`/api/posts/${id}`);\n  return res.ok ? ((await res.json()) as Post) : null;\n}\n```',
      `![Figure ${i}](/media/${i}.png)`,
    ].join('\n\n');
  const sections: string[] = [];
  let size = 0;
  while (size < bytes) {
    const next = section(sections.length);
    sections.push(next);
    size += next.length + 2;
  }
  return sections;
}
