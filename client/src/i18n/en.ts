/**
 * English text of the screens that go through the internationalisation
 * library (the programme, the session and speaker pages so far), by key.
 * Other languages add a file of the same shape.
 */
export const en = {
  programme: {
    heading: 'Programme',
    loading: 'Loading the programme…',
    loadError: 'We could not load the programme. {{message}}',
    retry: 'Try again',
    noEvent: 'No event has been published yet. Check back soon.',
    empty: 'No sessions match these filters.',
    clearFilters: 'Clear filters',
    count_one: '{{count}} session',
    count_other: '{{count}} sessions',
    hostedBy: 'Hosted by {{host}}',
    principles: 'Our principles',
    filters: {
      label: 'Filter the programme',
      topic: 'Topic',
      allTopics: 'All topics',
      kind: 'Kind',
      allKinds: 'All kinds',
      format: 'Format',
      allFormats: 'Online and in person',
      language: 'Language',
      allLanguages: 'All languages',
      day: 'Day',
      allDays: 'Every day',
    },
    zone: {
      label: 'Show times in',
      yours: '{{zone}} (your time)',
      organisers: 'Organisers’ time: {{date}}, {{times}} {{zone}}',
    },
  },
  kind: {
    webinar: 'Webinar',
    'ignite-talks': 'Ignite talks',
    'buzz-groups': 'Buzz groups',
    'concurrent-event': 'Concurrent event',
    'local-event': 'Local event',
    'regional-event': 'Regional event',
    'pop-up-event': 'Pop-up event',
    'global-plenary': 'Global gathering plenary',
  },
  format: {
    virtual: 'Online',
    'in-person': 'In person',
    hybrid: 'In person and online',
  },
  status: {
    live: 'Live now',
    join: 'Join',
    startsIn: 'Starts {{when}}',
    ended: 'Ended',
    watch: 'Watch the recording',
    addToCalendar: 'Add to calendar',
    endsNextDay: '(ends the next day)',
  },
  session: {
    backToProgramme: 'Back to the programme',
    loading: 'Loading the session…',
    notFound: 'This session does not exist, or it is not published yet.',
    when: 'When',
    where: 'Where',
    online: 'Online',
    languages: 'Languages',
    topic: 'Topic',
    speakers: 'Speakers',
    moderators: 'Moderators',
    partners: 'Partners',
    capacity: 'Up to {{count}} people',
    requiresAccount: 'You need an account to join.',
  },
  person: {
    loading: 'Loading…',
    notFound: 'Nobody with a public page has this address.',
    sessions: 'Sessions',
  },
} as const;

export type Messages = typeof en;
