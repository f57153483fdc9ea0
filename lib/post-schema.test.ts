import { fieldErrorsOf, POST_LIMITS, postInputSchema } from './post-schema';

const valid = { title: 'Hello', slug: 'hello', excerpt: '', body: 'Text', tags: 'One, two ,two' };

describe('postInputSchema', () => {
  it('accepts a valid post and normalises tags', () => {
    const parsed = postInputSchema.parse(valid);
    expect(parsed.tags).toEqual(['one', 'two']);
    expect(parsed.title).toBe('Hello');
  });

  it('turns what an author types into tags instead of refusing it', () => {
    expect(postInputSchema.parse({ ...valid, tags: 'Make, Make Things,  Café au lait , make' }).tags).toEqual(['make', 'make-things', 'cafe-au-lait']);
    expect(postInputSchema.parse({ ...valid, tags: ['Garden', 'garden '] }).tags).toEqual(['garden']);
  });

  it('counts tags after duplicates are merged', () => {
    const eleven = Array.from({ length: POST_LIMITS.tags + 1 }, (_, i) => `t${i}`);
    expect(postInputSchema.safeParse({ ...valid, tags: [...eleven.slice(0, 10), 'T0'].join(',') }).success).toBe(true);
    const result = postInputSchema.safeParse({ ...valid, tags: eleven.join(',') });
    expect(result.success ? null : fieldErrorsOf(result.error).tags).toBe(`At most ${POST_LIMITS.tags} tags (this post has 11).`);
  });

  it.each([
    [{ title: '   ' }, 'title', 'Give the post a title.'],
    [{ slug: 'Not A Slug' }, 'slug', 'Use lowercase letters'],
    [{ slug: 'double--hyphen' }, 'slug', 'Use lowercase letters'],
    [{ body: '' }, 'body', 'Write something'],
    [{ body: 'x'.repeat(POST_LIMITS.body + 1) }, 'body', 'at most'],
    [{ title: 'x'.repeat(POST_LIMITS.title + 1) }, 'title', 'at most'],
    [{ tags: Array.from({ length: POST_LIMITS.tags + 1 }, (_, i) => `t${i}`).join(',') }, 'tags', 'At most'],
    [{ tags: 'fine, ???' }, 'tags', '“???” has no letters or digits'],
    [{ tags: `ok, ${'long'.repeat(8)}` }, 'tags', `“${'long'.repeat(8)}” is too long`],
  ])('rejects %p with a message on %s', (override, field, message) => {
    const result = postInputSchema.safeParse({ ...valid, ...override });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)[field as keyof ReturnType<typeof fieldErrorsOf>]).toContain(message);
  });
});
