import { expect, test } from '../fixtures.js';
import { openFirefoxParticipant } from './firefox.js';

/**
 * The guard every Firefox spec relies on: a violation fails the test even
 * when the page that broke the policy was left since (each spec goes from
 * the landing page to a room, some further on).
 */
test('in Firefox, a Content-Security-Policy violation on a page left since still fails the test', async ({ baseURL }) => {
  const person = await openFirefoxParticipant('Cass', baseURL!);
  let isClosed = false;
  try {
    // A picture from another origin: img-src allows only this one (and blob:).
    await person.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          document.addEventListener('securitypolicyviolation', () => resolve(), { once: true });
          const picture = document.createElement('img');
          picture.src = 'http://192.0.2.1/picture.png';
          document.body.append(picture);
        }),
    );
    await person.page.goto(new URL('/recordings', baseURL).href);
    isClosed = true;
    await expect(person.close()).rejects.toThrow(/Content-Security-Policy violations in Firefox/);
  } finally {
    if (!isClosed) await person.browser.close();
  }
});
