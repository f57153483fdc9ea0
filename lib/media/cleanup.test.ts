import { GRACE_MS, planSweep } from './cleanup';

const me = 'us-east-1:0b6c2f44-1111-4c2e-8a8e-3f6f7d0c9a01';
const file = (n: number) => `${String(n).repeat(32).slice(0, 32)}-800x600.jpg`;
const image = (n: number) => `media/${me}/${file(n)}`;
const marker = (n: number) => `media/${me}/unused/${file(n)}`;
const now = Date.parse('2026-11-26T12:00:00Z');
const at = (ageMs: number) => new Date(now - ageMs);
const named = (...numbers: number[]) => numbers.map((n) => `Text ![alt](/${image(n)}) more`);

test('an unused image is first marked, not removed, however old it is', () => {
  expect(planSweep([{ path: image(1), lastModified: at(400 * GRACE_MS) }], [], now)).toEqual({ mark: [image(1)], unmark: [], remove: [] });
});

test('a marked image still unused after the grace period goes, with its marker; before it, it stays', () => {
  const items = (markedAgo: number) => [
    { path: image(1), lastModified: at(3 * GRACE_MS) },
    { path: marker(1), lastModified: at(markedAgo) },
  ];
  expect(planSweep(items(GRACE_MS - 60_000), [], now)).toEqual({ mark: [], unmark: [], remove: [] });
  expect(planSweep(items(GRACE_MS), [], now)).toEqual({ mark: [], unmark: [], remove: [image(1), marker(1)] });
});

test('an image in use again (pasted back, moved to another post) loses its marker and stays', () => {
  const items = [
    { path: image(1), lastModified: at(3 * GRACE_MS) },
    { path: marker(1), lastModified: at(2 * GRACE_MS) },
  ];
  expect(planSweep(items, named(1), now)).toEqual({ mark: [], unmark: [marker(1)], remove: [] });
});

test('used images are left alone, a marker whose image is gone is removed, the sweep clock is kept', () => {
  const items = [
    { path: image(2), lastModified: at(GRACE_MS) },
    { path: marker(3), lastModified: at(GRACE_MS) },
    { path: `media/${me}/unused/last-sweep`, lastModified: at(2 * 60 * 60 * 1000) },
  ];
  expect(planSweep(items, [`/${image(2)}`], now)).toEqual({ mark: [], unmark: [], remove: [marker(3)] });
});

test('a URL that merely looks like a stored image does not count as using it', () => {
  const items = [{ path: image(6), lastModified: at(GRACE_MS) }];
  expect(planSweep(items, [`/${image(6).replace('.jpg', '.png')}`], now).mark).toEqual([image(6)]);
});
