import { describe, expect, it } from 'vitest';
import { partlyHidden } from '../mailing/mailingListRepository.js';
import { spreadsheetSafe } from './registrationConsoleRoutes.js';

describe('exports', () => {
  it('defuses cells a spreadsheet would run as formulas, and leaves the rest as written', () => {
    for (const formula of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(spreadsheetSafe(formula)).toBe(`'${formula}`);
    }
    for (const plain of ['Amara Okafor', 'a=b', 'São Paulo', '', '1-2']) expect(spreadsheetSafe(plain)).toBe(plain);
  });
});

describe('a mailing-list member’s address on their own pages', () => {
  it('shows its start and domain only', () => {
    expect(partlyHidden('amara@example.org')).toBe('am•••@example.org');
    expect(partlyHidden('bo@example.org')).toBe('bo•@example.org');
  });
});
