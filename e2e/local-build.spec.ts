import { expect, test } from '@playwright/test';

test('a local run shows no deployment banner and is not indexable', async ({ page }) => {
  const response = await page.goto('/');
  await expect(page.getByRole('note')).toHaveCount(0);
  expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
});
