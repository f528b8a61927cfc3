import { expect, test, type Page } from './fixtures.js';
import { expectDecodesVideoFrom, expectReceivesAudioFrom, inboundFrom, joinByLink, openParticipant, roomForSpec, tileOf } from './participant.js';

/** Resolves once a counter read by `read` stops moving across polls a second apart. */
async function expectSteady(read: () => Promise<number>, message: string): Promise<void> {
  let previous = -1;
  let steady = 0;
  await expect
    .poll(
      async () => {
        const value = await read();
        steady = value === previous ? steady + 1 : 0;
        previous = value;
        return steady;
      },
      { message, intervals: [1_000], timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(3);
}

const chooseDataSaver = (page: Page, mode: string) => page.getByLabel('Data saver').selectOption({ label: mode });

test('a viewer on a weak connection: lowest simulcast layer, then audio only, then back; the speaker is highlighted', async ({ browser }) => {
  const speaker = await openParticipant(browser, 'Sara');
  const viewer = await openParticipant(browser, 'Pat');
  try {
    const room = await roomForSpec(viewer.page, 3);
    await joinByLink(speaker, room, { role: 'speaker' });
    await joinByLink(viewer, room);
    const saraId = (await tileOf(viewer.page, speaker.name).getAttribute('data-peer-id')) ?? '';
    await expectDecodesVideoFrom(viewer.page, saraId);
    const video = async () => (await inboundFrom(viewer.page, saraId, 'video'))!;

    await test.step('the only voice on stage is highlighted as speaking', async () => {
      await expect(tileOf(viewer.page, speaker.name)).toHaveAttribute('data-speaking', 'true');
    });

    await test.step('lowest video quality: the viewer receives the smallest simulcast layer', async () => {
      const fullWidth = (await video()).frameWidth ?? 0;
      await chooseDataSaver(viewer.page, 'Lowest video quality');
      await expect
        .poll(async () => (await video()).frameWidth ?? 0, { message: 'decoded width drops to the lowest layer' })
        .toBeLessThan(fullWidth);
      await expect.poll(async () => (await video()).frameWidth ?? 0).toBeLessThanOrEqual(fullWidth / 2);
      await expectDecodesVideoFrom(viewer.page, saraId);
    });

    await test.step('audio only: video stops arriving while the voice goes on', async () => {
      await chooseDataSaver(viewer.page, 'Audio only');
      await expectSteady(async () => (await video()).packetsReceived, 'video packets stop arriving');
      await expectReceivesAudioFrom(viewer.page, saraId);
    });

    await test.step('off: video comes back', async () => {
      await chooseDataSaver(viewer.page, 'Off');
      await expectDecodesVideoFrom(viewer.page, saraId);
    });
  } finally {
    await speaker.context.close();
    await viewer.context.close();
  }
});
