import { fieldErrorsOf, POST_LIMITS, postInputSchema } from './post-schema';

const valid = { title: 'Hello', slug: 'hello', excerpt: '', body: 'Text', tags: 'One, two ,two' };

describe('postInputSchema', () => {
  it('accepts a valid post and normalises tags', () => {
    const parsed = postInputSchema.parse(valid);
    expect(parsed.tags).toEqual(['one', 'two']);
    expect(parsed.title).toBe('Hello');
  });

  it.each([
    [{ title: '   ' }, 'title', 'Give the post a title.'],
    [{ slug: 'Not A Slug' }, 'slug', 'Use lowercase letters'],
    [{ slug: 'double--hyphen' }, 'slug', 'Use lowercase letters'],
    [{ body: '' }, 'body', 'Write something'],
    [{ body: 'x'.repeat(POST_LIMITS.body + 1) }, 'body', 'at most'],
    [{ title: 'x'.repeat(POST_LIMITS.title + 1) }, 'title', 'at most'],
    [{ tags: Array.from({ length: POST_LIMITS.tags + 1 }, (_, i) => `t${i}`).join(',') }, 'tags', 'At most'],
    [{ tags: 'no spaces allowed' }, 'tags', 'lowercase letters'],
  ])('rejects %p with a message on %s', (override, field, message) => {
    const result = postInputSchema.safeParse({ ...valid, ...override });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)[field as keyof ReturnType<typeof fieldErrorsOf>]).toContain(message);
  });
});
