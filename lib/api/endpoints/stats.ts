import { z } from 'zod';
import { endpoint } from '../endpoint';
import { ratesQuery } from '../../stats/rates';
import { LETTER_CHANNELS } from '../../letters/schema';

/** Public statistics of the accountability loop (issue 14): the 三率 per department. */

const rate = z.number().min(0).max(1).nullable();
const figures = z.object({
  cases: z.number().int(), acceptedOnTimeRate: rate, answeredOnTimeRate: rate, satisfactionRate: rate, ratedRate: rate,
  avgWorkingDays: z.number().nullable(), urged: z.number().int(), supervised: z.number().int(),
});

export const readDepartmentRates = endpoint({
  method: 'get', path: '/api/v1/stats/departments', tag: 'disclosure', auth: 'public', validate: true,
  summary: { zh: '三率：各部门按期受理率、按期办结率、满意率、参评率', en: 'Department rates: on-time acceptance and answers, satisfaction, rating' },
  description: 'One Beijing month (?year=&month=) or year (?year=; default this year), computed from the letter event log. '
    + 'Rates are fractions 0–1, or null when there is nothing to count. `cases` = answers given in the period; departments are ranked '
    + '(`ranking`) only when each has at least `minCases` (20) cases, else `rankable: false`. Definitions: /stats/departments. '
    + 'The same figures as CSV (UTF-8 with BOM): /stats/departments/export.csv?year=&month=.',
  query: ratesQuery,
  response: {
    status: 200,
    description: '{year, month, items:[{department, departmentId, cases, acceptedOnTimeRate, answeredOnTimeRate, satisfactionRate, ratedRate, avgWorkingDays, urged, supervised}], bureau:{…}, rankable, minCases, ranking:{byAnsweredOnTime, bySatisfaction}, channels:[{channel, …the bureau\'s figures}]}',
    schema: z.object({
      year: z.number().int(), month: z.number().int().nullable(),
      items: z.array(figures.extend({ department: z.string(), departmentId: z.string() })),
      bureau: figures, rankable: z.boolean(), minCases: z.number().int(),
      ranking: z.object({ byAnsweredOnTime: z.array(z.string()), bySatisfaction: z.array(z.string()) }),
      channels: z.array(figures.extend({ channel: z.enum(LETTER_CHANNELS) })).meta({ description: 'The bureau\'s figures per channel the letters came by (web, phone, paper, in_person, email, hotline_12345); they add up to `bureau`' }),
    }),
  },
  errors: [422],
});
