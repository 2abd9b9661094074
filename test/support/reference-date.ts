/** The date the test databases are seeded at: Beijing year 2026, so the calendar holds 2026 and 2027. */
export const TEST_REFERENCE_DATE = new Date('2026-06-01T00:00:00+08:00');
