import type { ConsolePage, PartnerInput, PersonInput } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import type { PartnerSummary, PersonSummary } from '../../shared/programme.js';
import type { PrismaClient } from '../db/generated/client.js';
import { toPartner, toPerson } from '../programme/programmeRepository.js';

/**
 * An event's people (speakers' and moderators' profiles) and partner
 * organisations, as organisers keep them. Like every console lookup, an id
 * is read within its event only. Photos and logos are files the image
 * store named: setting one hands back the file it replaces, deleting a
 * row the file it held, for the caller to remove (nothing is kept that
 * nobody can see any more).
 */
export interface DirectoryRepository {
  people(eventId: string, query: string, offset: number, limit: number): Promise<ConsolePage<PersonSummary>>;
  createPerson(eventId: string, input: PersonInput): Promise<PersonSummary>;
  updatePerson(eventId: string, personId: string, input: PersonInput): Promise<PersonSummary>;
  /** The photo it held. */
  deletePerson(eventId: string, personId: string): Promise<string | null>;
  /** Sets (or, with null, drops) the photo; the person and the file it replaced. */
  setPhoto(eventId: string, personId: string, file: string | null): Promise<{ person: PersonSummary; replaced: string | null }>;

  partners(eventId: string, query: string, offset: number, limit: number): Promise<ConsolePage<PartnerSummary>>;
  createPartner(eventId: string, input: PartnerInput): Promise<PartnerSummary>;
  updatePartner(eventId: string, partnerId: string, input: PartnerInput): Promise<PartnerSummary>;
  deletePartner(eventId: string, partnerId: string): Promise<string | null>;
  setLogo(eventId: string, partnerId: string, file: string | null): Promise<{ partner: PartnerSummary; replaced: string | null }>;

}

const notFound = (what: string): never => {
  throw new AppError('NOT_FOUND', `no such ${what} in this event`);
};

/** Names containing the query, in any case; the whole list without one. */
const named = (eventId: string, query: string) => ({
  eventId,
  ...(query ? { name: { contains: query, mode: 'insensitive' as const } } : {}),
});

const pageOf = <T>(items: T[], offset: number, total: number): ConsolePage<T> => ({
  items,
  next: offset + items.length < total ? offset + items.length : null,
  total,
});

export function createDirectoryRepository(prisma: PrismaClient): DirectoryRepository {
  const personIn = async (eventId: string, personId: string) =>
    (await prisma.person.findFirst({ where: { id: personId, eventId }, select: { id: true } })) ?? notFound('person');
  const partnerIn = async (eventId: string, partnerId: string) =>
    (await prisma.partner.findFirst({ where: { id: partnerId, eventId }, select: { id: true } })) ?? notFound('partner');

  return {
    people: async (eventId, query, offset, limit) => {
      const where = named(eventId, query);
      const [rows, total] = await Promise.all([
        prisma.person.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], skip: offset, take: limit }),
        prisma.person.count({ where }),
      ]);
      return pageOf(rows.map(toPerson), offset, total);
    },

    createPerson: async (eventId, input) => toPerson(await prisma.person.create({ data: { ...input, eventId } })),

    updatePerson: async (eventId, personId, input) => {
      await personIn(eventId, personId);
      return toPerson(await prisma.person.update({ where: { id: personId }, data: input }));
    },

    deletePerson: async (eventId, personId) => {
      // Their place in sessions goes with them (the relation cascades). The row is locked until it is gone, so a photo set meanwhile is the one handed back.
      const [gone] = await prisma.$queryRaw<{ photoFile: string | null }[]>`
        DELETE FROM "Person" WHERE "id" = ${personId} AND "eventId" = ${eventId} RETURNING "photoFile"`;
      return gone ? gone.photoFile : notFound('person');
    },

    setPhoto: (eventId, personId, file) =>
      prisma.$transaction(async (tx) => {
        // Locked while it changes: two uploads at once each hand back the file they replaced, and none is left behind.
        const [held] = await tx.$queryRaw<{ photoFile: string | null }[]>`
          SELECT "photoFile" FROM "Person" WHERE "id" = ${personId} AND "eventId" = ${eventId} FOR UPDATE`;
        if (!held) return notFound('person');
        const person = await tx.person.update({ where: { id: personId }, data: { photoFile: file } });
        return { person: toPerson(person), replaced: held.photoFile };
      }),

    partners: async (eventId, query, offset, limit) => {
      const where = named(eventId, query);
      const [rows, total] = await Promise.all([
        prisma.partner.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], skip: offset, take: limit }),
        prisma.partner.count({ where }),
      ]);
      return pageOf(rows.map(toPartner), offset, total);
    },

    createPartner: async (eventId, input) => toPartner(await prisma.partner.create({ data: { ...input, eventId } })),

    updatePartner: async (eventId, partnerId, input) => {
      await partnerIn(eventId, partnerId);
      return toPartner(await prisma.partner.update({ where: { id: partnerId }, data: input }));
    },

    deletePartner: async (eventId, partnerId) => {
      const [gone] = await prisma.$queryRaw<{ logoFile: string | null }[]>`
        DELETE FROM "Partner" WHERE "id" = ${partnerId} AND "eventId" = ${eventId} RETURNING "logoFile"`;
      return gone ? gone.logoFile : notFound('partner');
    },

    setLogo: (eventId, partnerId, file) =>
      prisma.$transaction(async (tx) => {
        const [held] = await tx.$queryRaw<{ logoFile: string | null }[]>`
          SELECT "logoFile" FROM "Partner" WHERE "id" = ${partnerId} AND "eventId" = ${eventId} FOR UPDATE`;
        if (!held) return notFound('partner');
        const partner = await tx.partner.update({ where: { id: partnerId }, data: { logoFile: file } });
        return { partner: toPartner(partner), replaced: held.logoFile };
      }),

  };
}
