import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zh from '@/lib/i18n/messages/zh-CN.json';
import en from '@/lib/i18n/messages/en.json';
import { LETTER_COLUMNS } from '@/app/stats/LetterTable';

/**
 * /stats/letters' figure cells carry no data-label (issue 15 item 6: the page ≤ 40 KB of HTML): their column names on
 * phones are written once in app/stats/stats.css. They must stay the catalogue's stats.<column>, in the table's order,
 * in both languages.
 */
describe('the column names of /stats/letters’ cards', () => {
  it('are the catalogue’s, column by column, in zh-CN and English', () => {
    const css = readFileSync(path.join(__dirname, '../app/stats/stats.css'), 'utf8');
    const labels = (english: boolean) => LETTER_COLUMNS.map((_, i) => {
      const pattern = new RegExp(`^\\s*${english ? 'html\\[lang="en"\\] ' : ''}\\.letter-figures td:nth-child\\(${i + 2}\\)::before \\{ content: "([^"]*)"; \\}$`, 'm');
      return pattern.exec(css)?.[1];
    });
    expect(labels(false)).toEqual(LETTER_COLUMNS.map((c) => `${zh.stats[c]}：`));
    expect(labels(true)).toEqual(LETTER_COLUMNS.map((c) => `${en.stats[c]}: `));
  });
});
