import { z } from './zod';
import { IMAGE_LIMITS, mediaUrlSchema } from './media/rules';
import { SLUG_PATTERN, slugify } from './slug';

export const POST_LIMITS = {
  title: 200,
  slug: 100,
  excerpt: 300,
  body: 100_000,
  tags: 10,
  tag: 30,
} as const;

/**
 * How a tag is stored: the slug of what the author typed ("Make Things" → "make-things",
 * "Café" → "cafe"), so capitals and spaces are normalised rather than refused.
 */
export function normalizeTag(typed: string): string {
  return slugify(typed, Number.MAX_SAFE_INTEGER);
}

/** Tags arrive as one comma-separated field from the form, or as an array from code. */
const tagsField = z.union([z.string(), z.array(z.string())]).transform((value, context) => {
  const typed = (Array.isArray(value) ? value : value.split(',')).map((tag) => tag.trim()).filter((tag) => tag.length > 0);
  const tags: string[] = [];
  for (const tag of typed) {
    const normal = normalizeTag(tag);
    if (!normal) context.addIssue({ code: 'custom', message: `“${tag}” has no letters or digits, so it can't be a tag.` });
    else if (normal.length > POST_LIMITS.tag) {
      context.addIssue({ code: 'custom', message: `“${tag}” is too long: a tag can have at most ${POST_LIMITS.tag} characters.` });
    } else if (!tags.includes(normal)) tags.push(normal);
  }
  if (tags.length > POST_LIMITS.tags) context.addIssue({ code: 'custom', message: `At most ${POST_LIMITS.tags} tags (this post has ${tags.length}).` });
  return tags;
});

/** One schema for the editor form and the server action that saves it. */
export const postInputSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the post a title.').max(POST_LIMITS.title, `The title can have at most ${POST_LIMITS.title} characters.`),
    slug: z
      .string()
      .trim()
      .min(1, 'Give the post a slug.')
      .max(POST_LIMITS.slug, `The slug can have at most ${POST_LIMITS.slug} characters.`)
      .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens (e.g. my-first-post).'),
    excerpt: z.string().trim().max(POST_LIMITS.excerpt, `The excerpt can have at most ${POST_LIMITS.excerpt} characters.`).default(''),
    body: z
      .string()
      .min(1, 'Write something before saving.')
      .max(POST_LIMITS.body, `The body can have at most ${POST_LIMITS.body.toLocaleString('en-US')} characters.`),
    tags: tagsField.default([]),
    /** A Folio image (/media/…) or '' for none. */
    coverImage: z.union([z.literal(''), mediaUrlSchema]).default(''),
    coverAlt: z.string().trim().max(IMAGE_LIMITS.alt, `Alt text can have at most ${IMAGE_LIMITS.alt} characters.`).default(''),
  })
  .superRefine((post, context) => {
    if (post.coverImage && !post.coverAlt) {
      context.addIssue({ code: 'custom', path: ['coverAlt'], message: 'Describe the cover image for readers who cannot see it.' });
    }
  })
  .transform((post) => (post.coverImage ? post : { ...post, coverAlt: '' }));

export type PostInput = z.infer<typeof postInputSchema>;
export type PostFieldErrors = Partial<Record<keyof PostInput, string>>;

/** The first message per field, the shape forms show inline (zod's own flattening, one message each). */
export function firstFieldErrors<Field extends string>(error: z.ZodError): Partial<Record<Field, string>> {
  const flat = z.flattenError(error).fieldErrors as Partial<Record<Field, string[]>>;
  const errors: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(flat) as Field[]) {
    const first = flat[field]?.[0];
    if (first) errors[field] = first;
  }
  return errors;
}

export const fieldErrorsOf = (error: z.ZodError): PostFieldErrors => firstFieldErrors<keyof PostInput>(error);
