import type { Role } from '../../lib/roles';

/** Demo accounts and posts for local development and preview deployments: one account per role. */

export interface DemoAccount {
  key: 'ann' | 'ben' | 'cora' | 'eli' | 'rita' | 'admin' | 'reviewer';
  email: string;
  name: string;
  password: string;
  role: Role;
  bio?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    key: 'ann',
    email: 'ann@folio.test',
    name: 'Ann Okafor',
    password: 'Folio-Ann-2026!',
    role: 'author',
    bio: 'Novelist and early riser. Writes about the craft of writing and the books that shaped it.',
  },
  {
    key: 'ben',
    email: 'ben@folio.test',
    name: 'Ben Lindqvist',
    password: 'Folio-Ben-2026!',
    role: 'author',
    bio: 'Cyclist, gardener and amateur naturalist. Notes from walks, workshops and the kitchen.',
  },
  // A contributor writes drafts and submits them; an editor publishes anyone's.
  { key: 'cora', email: 'cora@folio.test', name: 'Cora Mensah', password: 'Folio-Cora-2026!', role: 'contributor' },
  { key: 'eli', email: 'eli@folio.test', name: 'Eli Navarro', password: 'Folio-Eli-2026!', role: 'editor' },
  // A reader, as every new sign-up is: comments, and her first one waits for a moderator.
  { key: 'rita', email: 'rita@folio.test', name: 'Rita Reader', password: 'Folio-Rita-2026!', role: 'reader' },
  { key: 'admin', email: 'admin@folio.test', name: 'Folio Admin', password: 'Folio-Admin-2026!', role: 'admin' },
  // Reviewers of a preview sign in with this account to try the studio, publishing included; it starts with no posts.
  { key: 'reviewer', email: 'reviewer@folio.test', name: 'Preview Reviewer', password: 'Folio-Review-2026!', role: 'author' },
];

export interface DemoPost {
  author: 'ann' | 'ben';
  title: string;
  slug: string;
  excerpt: string;
  tags: string[];
  body: string;
  /** ISO date of publication; absent for drafts. */
  publishedAt?: string;
  /** A cover the seed draws (a two-colour gradient) and uploads as the author. */
  cover?: { alt: string; from: string; to: string };
}

const paragraphs = (...text: string[]) => text.join('\n\n');

export const DEMO_POSTS: DemoPost[] = [
  {
    author: 'ann',
    title: 'Why I write in the morning',
    slug: 'why-i-write-in-the-morning',
    cover: { alt: 'An abstract dawn: deep blue fading into warm orange', from: '#1d3557', to: '#f4a261' },
    excerpt: 'Two quiet hours before the day starts asking for things.',
    tags: ['writing', 'habits'],
    publishedAt: '2026-09-02T07:30:00.000Z',
    body: paragraphs(
      'For ten years I wrote at night, after everything else. The words came, but they came tired.',
      'Moving the work to the first two hours of the day changed what I write about. The morning has not yet collected opinions; it only has questions.',
      'The rule is simple: no messages, no news, one page before coffee number two.',
    ),
  },
  {
    author: 'ben',
    title: 'A field guide to urban lichens',
    slug: 'field-guide-to-urban-lichens',
    cover: { alt: 'An abstract wash of lichen greens and stone grey', from: '#52796f', to: '#cad2c5' },
    excerpt: 'The slow, patient colonies on your street tell you how clean the air is.',
    tags: ['nature', 'cities'],
    publishedAt: '2026-09-05T10:00:00.000Z',
    body: paragraphs(
      'Lichens are partnerships: a fungus and an alga or cyanobacterium living as one.',
      'Many species are sensitive to sulphur dioxide, so their return to city walls is one of the quiet success stories of cleaner air.',
      'Start with the orange Xanthoria on old brick and the grey rosettes of Physcia on tree bark.',
    ),
  },
  {
    author: 'ann',
    title: 'The case for shorter chapters',
    slug: 'case-for-shorter-chapters',
    excerpt: 'Readers stop at chapter breaks. Give them more places to start again.',
    tags: ['writing', 'books'],
    publishedAt: '2026-09-09T08:15:00.000Z',
    body: paragraphs(
      'A chapter break is a promise that the reader can rest without losing the thread.',
      'Short chapters make that promise often, and readers keep it by coming back.',
    ),
  },
  {
    author: 'ben',
    title: 'Repairing a 1970s bicycle',
    slug: 'repairing-a-1970s-bicycle',
    excerpt: 'Cotterless cranks, cup-and-cone bearings and a lot of patience.',
    tags: ['repair', 'cycling'],
    publishedAt: '2026-09-14T16:45:00.000Z',
    body: paragraphs(
      'The frame was sound; everything bolted to it was not.',
      'Cup-and-cone bearings reward patience: clean, grease, adjust until there is no play and no grinding.',
      'Three weekends later it rides better than anything I could buy new for the price.',
    ),
  },
  {
    author: 'ann',
    title: 'Notes on editing your own work',
    slug: 'notes-on-editing-your-own-work',
    excerpt: 'Print it, read it aloud, and cut the paragraph you like best.',
    tags: ['writing', 'editing'],
    publishedAt: '2026-09-20T09:00:00.000Z',
    body: paragraphs(
      'Distance is the editor’s best tool. Leave a draft for a week if you can, a night if you cannot.',
      'Reading aloud finds the sentences that only worked in your head.',
    ),
  },
  {
    author: 'ben',
    title: 'What the river taught me about maps',
    slug: 'what-the-river-taught-me-about-maps',
    excerpt: 'Every map is out of date the moment water moves.',
    tags: ['nature', 'maps'],
    publishedAt: '2026-09-27T12:30:00.000Z',
    body: paragraphs(
      'The river on my map bends left. The river in front of me stopped doing that two floods ago.',
      'Maps are arguments about the past; walking is how you check them.',
    ),
  },
  {
    author: 'ann',
    title: 'Reading slowly on purpose',
    slug: 'reading-slowly-on-purpose',
    excerpt: 'Ten pages a day is a book a month and a different relationship with sentences.',
    tags: ['books', 'habits'],
    publishedAt: '2026-10-03T07:10:00.000Z',
    body: paragraphs(
      'Speed reading promises more books. Slow reading gives you the ones you have.',
      'I keep a pencil in the book and a question on the bookmark.',
    ),
  },
  {
    author: 'ben',
    title: 'Bread, flour and a little time',
    slug: 'bread-flour-and-a-little-time',
    cover: { alt: 'An abstract gradient of crust brown and flour white', from: '#7f5539', to: '#ede0d4' },
    excerpt: 'A weeknight loaf that asks for ten minutes of work spread over a day.',
    tags: ['food'],
    publishedAt: '2026-10-10T18:00:00.000Z',
    body: paragraphs(
      '500 g flour, 350 g water, 10 g salt, a pinch of yeast. Mix in the morning, shape in the evening, bake hot.',
      'Time does the kneading for you.',
    ),
  },
  {
    author: 'ann',
    title: 'Letters I never sent',
    slug: 'letters-i-never-sent',
    excerpt: 'A drawer of unsent letters is a diary with better manners.',
    tags: ['writing', 'memoir'],
    publishedAt: '2026-10-18T20:20:00.000Z',
    body: paragraphs(
      'Some letters are written to be sent. Others are written so that they do not have to be.',
      'Both kinds are honest; only one kind is kind.',
    ),
  },
  {
    author: 'ben',
    title: 'Night walks and street lights',
    slug: 'night-walks-and-street-lights',
    excerpt: 'The city redraws itself after dark, one sodium lamp at a time.',
    tags: ['cities', 'walking'],
    publishedAt: '2026-10-25T22:05:00.000Z',
    body: paragraphs(
      'By day the street is a route. At night it becomes a sequence of rooms, each lit differently.',
      'LED conversions have made the rooms whiter and the shadows harder.',
    ),
  },
  {
    author: 'ann',
    title: 'On keeping a commonplace book',
    slug: 'on-keeping-a-commonplace-book',
    excerpt: 'Copying a sentence by hand is the slowest and best way to understand it.',
    tags: ['books', 'habits'],
    publishedAt: '2026-11-02T08:40:00.000Z',
    body: paragraphs(
      'A commonplace book is a notebook of other people’s sentences, chosen by you.',
      'Over years it becomes a portrait of what you were paying attention to.',
    ),
  },
  {
    author: 'ben',
    title: 'The first frost',
    slug: 'the-first-frost',
    excerpt: 'One cold night ends the garden’s year and starts the planning for the next.',
    tags: ['nature', 'gardening'],
    publishedAt: '2026-11-12T06:55:00.000Z',
    body: paragraphs(
      'The dahlias went black overnight. The kale, smug, tasted sweeter.',
      'Frost is the garden’s deadline, and like every deadline it clarifies.',
    ),
  },
  {
    author: 'ann',
    title: 'Draft: a year of small notebooks',
    slug: 'a-year-of-small-notebooks',
    excerpt: 'Unfinished thoughts on pocket notebooks.',
    tags: ['writing'],
    body: paragraphs('This one is still a draft: only its author and admins can read it.', 'More to come.'),
  },
  {
    author: 'ben',
    title: 'Draft: winter cycling kit',
    slug: 'winter-cycling-kit',
    excerpt: 'What actually keeps hands warm.',
    tags: ['cycling'],
    body: paragraphs('Draft notes: lobster gloves, wool, mudguards. Not published yet.'),
  },
];
