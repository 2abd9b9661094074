// The fault tests start their own app processes and databases; they only need the session secret those processes
// share with the test (it mints session cookies for them).
process.env.NEXTAUTH_SECRET = 'minsheng-test-secret-0123456789-abcdefghij';
// Hundreds of test citizens share one address (127.0.0.1); the abuse limits (lib/ratelimit) are not under test
// here, so the app processes (which inherit this environment) allow a thousand times more.
process.env.RATE_LIMIT_FACTOR ??= '1000';
