import type { Logger } from '../logger.js';
import type { MailingListRepository } from './mailingListRepository.js';

/**
 * Writes announcements to the outbox batch after batch, in the background
 * (the organiser's page follows the progress). One run per announcement in
 * this process; a run that fails stops and is taken up again by the sweep
 * (resumeStalled), in this process or another, from its cursor: no member
 * gets a letter twice, none is skipped.
 */
export interface AnnouncementSender {
  send(id: string): void;
  resumeStalled(): Promise<void>;
  close(): Promise<void>;
}

export function createAnnouncementSender(deps: { mailing: Pick<MailingListRepository, 'sendBatch' | 'stalledSending'>; logger: Logger }): AnnouncementSender {
  const running = new Map<string, Promise<void>>();
  let isClosed = false;

  const run = async (id: string) => {
    try {
      while (!isClosed && (await deps.mailing.sendBatch(id)));
    } catch (error) {
      deps.logger.warn({ err: error, announcementId: id }, 'an announcement stopped part-way; it goes on at the next sweep');
    } finally {
      running.delete(id);
    }
  };

  const sender: AnnouncementSender = {
    send(id) {
      if (isClosed || running.has(id)) return;
      running.set(id, run(id));
    },
    async resumeStalled() {
      for (const id of await deps.mailing.stalledSending()) sender.send(id);
    },
    async close() {
      isClosed = true;
      await Promise.all(running.values());
    },
  };
  return sender;
}
