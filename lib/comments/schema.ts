import { z } from '../zod';

/**
 * What a comment may be, checked by the comment form, the server action and the comments function
 * alike (amplify/functions/comments). Markdown, a small subset of it (lib/comments/render.ts).
 */
export const COMMENT_LIMITS = {
  /** Characters of markdown. */
  body: 2000,
  /** Comments one account may post in RATE_WINDOW_MINUTES. */
  perWindow: 5,
  windowMinutes: 10,
  /** Seconds between two comments of one account. */
  minIntervalSeconds: 15,
} as const;

export const commentInputSchema = z.object({
  body: z
    .string({ message: 'Write a comment.' })
    .trim()
    .min(1, 'Write a comment.')
    .max(COMMENT_LIMITS.body, `A comment can have at most ${COMMENT_LIMITS.body} characters.`),
});

export type CommentInput = z.infer<typeof commentInputSchema>;

/** What a moderator does with a comment. */
export const MODERATION_ACTIONS = ['approve', 'hide', 'delete'] as const;
export const moderationActionSchema = z.enum(MODERATION_ACTIONS, { message: 'Choose approve, hide or delete.' });
export type ModerationAction = z.infer<typeof moderationActionSchema>;

/**
 * Whose first comment waits for a moderator: 'first-comment' (an account's comments wait until
 * one of them was approved; writers' never do) or 'every-comment' (every reader's comment waits).
 */
export const MODERATION_POLICIES = ['first-comment', 'every-comment'] as const;
export type ModerationPolicy = (typeof MODERATION_POLICIES)[number];
