// All tables, one file per domain; drizzle and drizzle-kit read them from here.
export * from '../accounts/schema';
export * from '../audit/schema';
export * from '../calendar/schema';
export * from '../disclosure/schema';
export * from '../letters/schema';
export * from '../notifications/schema';
export * from '../interviews/schema';
export * from '../archive/schema';
export * from '../tokens/schema';
export * from '../accountability/schema';
export * from '../stats/schema';
export * from '../accountability/radar-schema';
export * from '../interview-updates/schema';
export * from '../topics/schema';
export * from '../interviews/polls-schema';
export * from '../consultations/schema';
export * from '../hotspots/schema';
