import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.js';

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((violation) => violation.id), `accessibility violations on ${where}`).toEqual([]);
}

test('someone creates an account: each field says what is wrong, then "check your email"; a wrong password is refused plainly', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByText('You are not signed in.')).toBeVisible();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'No account yet? Create one' }).click();
  await expect(page.getByRole('heading', { name: 'Create an account', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, 'the sign-up page');

  // The shared schema's rules, before anything is sent.
  await page.getByLabel('Your name, as others see it').fill('Amina');
  await page.getByLabel('Email address').fill('amina@');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toHaveText('Check the fields marked below.');
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/remember is best\. At least 10 characters\./);
  await expectNoAxeViolations(page, 'the sign-up page with errors');

  await page.getByLabel('Email address').fill('amina-e2e@example.org');
  await page.getByLabel('Password').fill('people power 2021');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Check your email: we sent a link to amina-e2e@example.org');

  // Not confirmed yet, and a wrong password: the same plain refusal either way is not leaked.
  await page.goto('/account/sign-in');
  await page.getByLabel('Email address').fill('amina-e2e@example.org');
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await page.getByLabel('Password').fill('people power 2021');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Confirm your email address first: follow the link we sent you.');

  // A link that is not (or no longer) valid says so.
  await page.goto(`/account/verify?token=${'x'.repeat(43)}`);
  await expect(page.getByRole('alert')).toHaveText('This link is not valid any more. Sign in to have a new one sent.');
});
