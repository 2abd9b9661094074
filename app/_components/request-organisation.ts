import { cache } from 'react';
import { getOrganisation } from '@/lib/accounts/departments';
import { db } from '@/lib/db';

/**
 * The organisation profile, read once per request: the root layout (header, footer) and the pages that show it too
 * (home, /disclosure, the disclosure guide) share one query instead of one each.
 */
export const requestOrganisation = cache(() => getOrganisation(db()));
