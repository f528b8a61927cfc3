import type {
  ConsoleOverview,
  ConsolePage,
  ConsoleSession,
  EventInput,
  FirstRunStatus,
  GrantView,
  OutboxEntry,
  PartnerInput,
  PersonInput,
  SessionInput,
  TopicInput,
} from '../../../shared/console.js';
import type { SignUpRequest } from '../../../shared/accounts.js';
import type { Role } from '../../../shared/events.js';
import type { InvitationCreated, InvitationInfo, InvitationList } from '../../../shared/invitations.js';
import type { EventRole, SessionRole } from '../../../shared/eventRoles.js';
import type { EventSummary, PartnerSummary, PersonSummary, PublicationStatus, TopicSummary } from '../../../shared/programme.js';
import type {
  ConsoleRegistration,
  ConsoleSessionRegistration,
  EventAuditView,
  RegistrationOverview,
  RegistrationQuery,
  SessionRegistrationStatus,
} from '../../../shared/registration.js';
import type { ApplicationQuery, CallInput, ConsoleApplication, ConsoleCall, DecisionInput } from '../../../shared/calls.js';
import type { AnnouncementInput, AnnouncementPreview, AnnouncementView, MailingListOverview } from '../../../shared/mailingList.js';
import { callJson, withCsrf } from './httpApi.js';

/**
 * The organiser console (`/api/console/*`): behind the account's cookie,
 * every change carrying the CSRF token (see withCsrf). Each call names
 * its event: the server answers only that event's organisers.
 */
const path = (...parts: string[]) => `/api/console/${parts.map(encodeURIComponent).join('/')}`;
const get = <T>(url: string, signal?: AbortSignal) => callJson<T>(url, { method: 'GET', signal });
const post = async <T>(url: string, body: unknown) => (await withCsrf(url, body)) as T;
/** A query string without the values left empty: the server reads an absent filter as none. */
const search = (query: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(query).flatMap(([name, value]) => (value === undefined || value === '' ? [] : [[name, String(value)]]))).toString();

export const consoleApi = {
  firstRun: (signal?: AbortSignal) => get<FirstRunStatus>(path('first-run'), signal),
  /** The first organiser: their account too when not signed in (the answer signs them in). */
  startFirstRun: (setupCode: string, event: EventInput, account?: SignUpRequest) =>
    post<EventSummary>(path('first-run'), { setupCode, event, ...(account ? { account } : {}) }),

  outbox: (offset: number, signal?: AbortSignal) => get<ConsolePage<OutboxEntry>>(`${path('outbox')}?offset=${offset}`, signal),

  events: (signal?: AbortSignal) => get<ConsoleOverview>(path('events'), signal),
  createEvent: (input: EventInput) => post<EventSummary>(path('events'), input),
  event: (eventId: string, signal?: AbortSignal) => get<{ event: EventSummary; topics: TopicSummary[] }>(path('events', eventId), signal),
  updateEvent: (eventId: string, input: EventInput) => post<EventSummary>(path('events', eventId), input),
  setEventStatus: (eventId: string, status: PublicationStatus) => post<unknown>(path('events', eventId, 'status'), { status }),

  createTopic: (eventId: string, input: TopicInput) => post<TopicSummary>(path('events', eventId, 'topics'), input),
  updateTopic: (eventId: string, topicId: string, input: TopicInput) => post<TopicSummary>(path('events', eventId, 'topics', topicId), input),
  deleteTopic: (eventId: string, topicId: string) => post<unknown>(path('events', eventId, 'topics', topicId, 'delete'), {}),

  sessions: (eventId: string, offset: number, signal?: AbortSignal) =>
    get<ConsolePage<ConsoleSession>>(`${path('events', eventId, 'sessions')}?offset=${offset}`, signal),
  session: (eventId: string, sessionId: string, signal?: AbortSignal) => get<ConsoleSession>(path('events', eventId, 'sessions', sessionId), signal),
  createSession: (eventId: string, input: SessionInput) => post<ConsoleSession>(path('events', eventId, 'sessions'), input),
  updateSession: (eventId: string, sessionId: string, input: SessionInput) =>
    post<ConsoleSession>(path('events', eventId, 'sessions', sessionId), input),
  setSessionStatus: (eventId: string, sessionId: string, status: PublicationStatus) =>
    post<unknown>(path('events', eventId, 'sessions', sessionId, 'status'), { status }),
  deleteSession: (eventId: string, sessionId: string) => post<unknown>(path('events', eventId, 'sessions', sessionId, 'delete'), {}),

  invitations: (eventId: string, sessionId: string, signal?: AbortSignal) =>
    get<InvitationList>(path('events', eventId, 'sessions', sessionId, 'invitations'), signal),
  mintInvitation: (eventId: string, sessionId: string, role: Role, expiresInHours: number) =>
    post<InvitationCreated>(path('events', eventId, 'sessions', sessionId, 'invitations'), { role, expiresInHours }),
  revokeInvitation: (eventId: string, sessionId: string, invitationId: string) =>
    post<InvitationInfo>(path('events', eventId, 'sessions', sessionId, 'invitations', invitationId, 'revoke'), {}),

  people: (eventId: string, query: string, offset: number, signal?: AbortSignal) =>
    get<ConsolePage<PersonSummary>>(`${path('events', eventId, 'people')}?${new URLSearchParams({ q: query, offset: String(offset) }).toString()}`, signal),
  createPerson: (eventId: string, input: PersonInput) => post<PersonSummary>(path('events', eventId, 'people'), input),
  updatePerson: (eventId: string, personId: string, input: PersonInput) => post<PersonSummary>(path('events', eventId, 'people', personId), input),
  deletePerson: (eventId: string, personId: string) => post<unknown>(path('events', eventId, 'people', personId, 'delete'), {}),
  /** The server checks and re-encodes the image (see server/images/imageStore.ts). */
  setPhoto: (eventId: string, personId: string, image: File) => post<PersonSummary>(path('events', eventId, 'people', personId, 'photo'), image),
  removePhoto: (eventId: string, personId: string) => post<PersonSummary>(path('events', eventId, 'people', personId, 'photo', 'delete'), {}),

  partners: (eventId: string, query: string, offset: number, signal?: AbortSignal) =>
    get<ConsolePage<PartnerSummary>>(`${path('events', eventId, 'partners')}?${new URLSearchParams({ q: query, offset: String(offset) }).toString()}`, signal),
  createPartner: (eventId: string, input: PartnerInput) => post<PartnerSummary>(path('events', eventId, 'partners'), input),
  updatePartner: (eventId: string, partnerId: string, input: PartnerInput) => post<PartnerSummary>(path('events', eventId, 'partners', partnerId), input),
  deletePartner: (eventId: string, partnerId: string) => post<unknown>(path('events', eventId, 'partners', partnerId, 'delete'), {}),
  setLogo: (eventId: string, partnerId: string, image: File) => post<PartnerSummary>(path('events', eventId, 'partners', partnerId, 'logo'), image),
  removeLogo: (eventId: string, partnerId: string) => post<PartnerSummary>(path('events', eventId, 'partners', partnerId, 'logo', 'delete'), {}),

  eventGrants: (eventId: string, signal?: AbortSignal) => get<GrantView[]>(path('events', eventId, 'grants'), signal),
  grantEventRole: (eventId: string, email: string, role: EventRole) => post<unknown>(path('events', eventId, 'grants'), { email, role }),
  revokeEventRole: (eventId: string, email: string) => post<unknown>(path('events', eventId, 'grants', 'revoke'), { email }),
  sessionGrants: (eventId: string, sessionId: string, signal?: AbortSignal) =>
    get<GrantView[]>(path('events', eventId, 'sessions', sessionId, 'grants'), signal),
  grantSessionRole: (eventId: string, sessionId: string, email: string, role: SessionRole) =>
    post<unknown>(path('events', eventId, 'sessions', sessionId, 'grants'), { email, role }),
  revokeSessionRole: (eventId: string, sessionId: string, email: string) =>
    post<unknown>(path('events', eventId, 'sessions', sessionId, 'grants', 'revoke'), { email }),

  registrations: (eventId: string, query: Partial<RegistrationQuery>, signal?: AbortSignal) =>
    get<ConsolePage<ConsoleRegistration>>(`${path('events', eventId, 'registrations')}?${search(query)}`, signal),
  registrationOverview: (eventId: string, signal?: AbortSignal) => get<RegistrationOverview>(path('events', eventId, 'registrations', 'overview'), signal),
  sessionRegistrations: (eventId: string, sessionId: string, state: SessionRegistrationStatus | undefined, offset: number, signal?: AbortSignal) =>
    get<ConsolePage<ConsoleSessionRegistration>>(`${path('events', eventId, 'sessions', sessionId, 'registrations')}?${search({ state, offset })}`, signal),
  /** Where the exports download: addresses for a plain link (the browser sends the cookie), not calls. Each download is written in the event's audit log. */
  registrationsCsvUrl: (eventId: string) => path('events', eventId, 'registrations.csv'),
  sessionRegistrationsCsvUrl: (eventId: string, sessionId: string) => path('events', eventId, 'sessions', sessionId, 'registrations.csv'),
  /** The event's audit log, newest first. */
  audit: (eventId: string, offset: number, signal?: AbortSignal) => get<ConsolePage<EventAuditView>>(`${path('events', eventId, 'audit')}?offset=${offset}`, signal),

  /** Calls for participation (shared/calls.ts): a call with applications is closed, not deleted (CONFLICT). */
  calls: (eventId: string, signal?: AbortSignal) => get<ConsoleCall[]>(path('events', eventId, 'calls'), signal),
  createCall: (eventId: string, input: CallInput) => post<ConsoleCall>(path('events', eventId, 'calls'), input),
  updateCall: (eventId: string, callId: string, input: CallInput) => post<ConsoleCall>(path('events', eventId, 'calls', callId), input),
  deleteCall: (eventId: string, callId: string) => post<unknown>(path('events', eventId, 'calls', callId, 'delete'), {}),
  applications: (eventId: string, query: Partial<ApplicationQuery>, signal?: AbortSignal) =>
    get<ConsolePage<ConsoleApplication>>(`${path('events', eventId, 'applications')}?${search(query)}`, signal),
  /** Organisers' notes: never shown to the applicant. */
  commentOnApplication: (eventId: string, applicationId: string, body: string) =>
    post<ConsoleApplication>(path('events', eventId, 'applications', applicationId, 'comments'), { body }),
  /** Final: the applicant is mailed, and accepting grants the role or makes a partner's draft session (`sessionId` in the answer). */
  decideApplication: (eventId: string, applicationId: string, input: DecisionInput) =>
    post<ConsoleApplication>(path('events', eventId, 'applications', applicationId, 'decision'), input),
  applicationsCsvUrl: (eventId: string) => path('events', eventId, 'applications.csv'),

  /** The event's mailing list (shared/mailingList.ts): members found by address, a page at a time. */
  mailingList: (eventId: string, query: string, offset: number, signal?: AbortSignal) =>
    get<MailingListOverview>(`${path('events', eventId, 'mailing-list')}?${search({ q: query, offset })}`, signal),
  /** The confirmed addresses only; each download is written in the event's audit log. */
  mailingListCsvUrl: (eventId: string) => path('events', eventId, 'mailing-list.csv'),
  announcements: (eventId: string, signal?: AbortSignal) => get<AnnouncementView[]>(path('events', eventId, 'announcements'), signal),
  createAnnouncement: (eventId: string, input: AnnouncementInput) => post<AnnouncementView>(path('events', eventId, 'announcements'), input),
  /** Drafts only (CONFLICT once sending has started). */
  updateAnnouncement: (eventId: string, announcementId: string, input: AnnouncementInput) =>
    post<AnnouncementView>(path('events', eventId, 'announcements', announcementId), input),
  /** The saved draft as a member would read it, and how many it would reach now. */
  previewAnnouncement: (eventId: string, announcementId: string) =>
    post<AnnouncementPreview>(path('events', eventId, 'announcements', announcementId, 'preview'), {}),
  /** Starts sending (irreversible); progress shows in the list's `written` / `recipients`. */
  sendAnnouncement: (eventId: string, announcementId: string) =>
    post<AnnouncementView>(path('events', eventId, 'announcements', announcementId, 'send'), {}),
};
