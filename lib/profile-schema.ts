import { z } from './zod';
import { mediaUrlSchema } from './media/rules';

/** One schema for the profile form and its server action. */
export const profileInputSchema = z.object({
  name: z.string().trim().min(1, 'Give your name as readers should see it.').max(80, 'At most 80 characters.'),
  bio: z.string().trim().max(500, 'The bio can have at most 500 characters.').default(''),
  /** A Folio image (/media/…) or '' for none; its alt text is the author's name. */
  avatar: z.union([z.literal(''), mediaUrlSchema]).default(''),
});

export type ProfileInput = z.infer<typeof profileInputSchema>;
export type ProfileFieldErrors = Partial<Record<keyof ProfileInput, string>>;
