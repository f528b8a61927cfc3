import { describe, expect, it } from 'vitest';
import { agendaDays } from './agendaDays.js';

const entry = (title: string, startsAt: string, endsAt: string) => ({ session: { title, startsAt, endsAt } });

const plenary = entry('Plenary', '2027-03-28T21:30:00Z', '2027-03-28T23:00:00Z');
const webinar = entry('Webinar', '2027-03-28T09:00:00Z', '2027-03-28T10:00:00Z');
const buzz = entry('Buzz groups', '2027-03-29T09:00:00Z', '2027-03-29T10:00:00Z');
const ignite = entry('Ignite talks', '2027-03-28T09:00:00Z', '2027-03-28T09:30:00Z');

describe('agendaDays', () => {
  it('groups by the day in the person’s zone, in time order', () => {
    const nairobi = agendaDays([buzz, plenary, webinar, ignite], 'Africa/Nairobi');
    expect(nairobi.map((day) => [day.day, day.items.map((item) => item.session.title)])).toEqual([
      ['2027-03-28', ['Ignite talks', 'Webinar']],
      ['2027-03-29', ['Plenary', 'Buzz groups']],
    ]);
  });

  it('moves a session to another day where the clock says so', () => {
    const days = agendaDays([plenary, webinar], 'America/Mexico_City');
    expect(days.map((day) => [day.day, day.items.map((item) => item.session.title)])).toEqual([['2027-03-28', ['Webinar', 'Plenary']]]);
    expect(agendaDays([plenary], 'Pacific/Auckland')[0]!.day).toBe('2027-03-29');
  });

  it('is empty for an empty agenda', () => {
    expect(agendaDays([], 'UTC')).toEqual([]);
  });
});
