import type { Endpoint } from '../endpoint';
import * as system from './system';
import * as accounts from './accounts';
import * as letters from './letters';
import * as archive from './archive';
import * as disclosure from './disclosure';
import * as admin from './admin';
import * as interviews from './interviews';
import * as polls from './polls';
import * as open311 from './open311';
import * as stats from './stats';
import * as supervision from './supervision';
import * as topics from './topics';
import * as consultations from './consultations';
import * as hotspots from './hotspots';

/**
 * Every endpoint declaration, one module per domain (add a new endpoint to its domain's module, or a new module
 * here). lib/api/openapi.ts builds the document from this list; test/openapi.test.ts checks it against the route
 * files under app/api/v1 and app/open311.
 */
export const ENDPOINTS: readonly Endpoint[] = [
  ...Object.values(system),
  ...Object.values(accounts),
  ...Object.values(letters),
  ...Object.values(archive),
  ...Object.values(disclosure),
  ...Object.values(admin),
  ...Object.values(interviews),
  ...Object.values(polls),
  ...Object.values(open311),
  ...Object.values(stats),
  ...Object.values(supervision),
  ...Object.values(topics),
  ...Object.values(consultations),
  ...Object.values(hotspots),
];

export { system, accounts, letters, archive, disclosure, admin, interviews, polls, open311, stats, supervision, topics, consultations, hotspots };
