/** Which database the suite runs against (see test/setup/database.ts), for test names. */
export const databaseKind: 'postgres' | 'pglite' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
