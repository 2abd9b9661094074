import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { assertNotLocked } from '@/lib/accounts/signin';
import { signInInput } from '@/lib/accounts/validation';
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import { errorResponse } from '@/lib/api/route';
import { authOptions } from '@/lib/auth/options';
import { AppError, invalidInput } from '@/lib/errors';
import { consume } from '@/lib/ratelimit';

type Context = { params: Promise<{ nextauth: string[] }> };

const nextAuth = NextAuth(authOptions) as (request: NextRequest, context: Context) => Promise<Response>;
const MAX_SIGN_IN_BYTES = 16 * 1024;

/**
 * Sign-in answers like the rest of the API before next-auth sees it: malformed input → 422 with field errors,
 * a locked account or address → 429 with Retry-After. The body keeps next-auth's `url` so its client still
 * reads the error from it.
 */
async function precheckCredentials(request: NextRequest): Promise<Response | null> {
  const loginUrl = new URL('/login', process.env.NEXTAUTH_URL ?? request.url);
  const withUrl = (error: AppError) => {
    const response = errorResponse(error, request);
    loginUrl.searchParams.set('error', error.message);
    return response.json().then((body) => Response.json({ ...body, url: loginUrl.toString() }, { status: response.status, headers: response.headers }));
  };
  if (Number(request.headers.get('content-length') ?? '0') > MAX_SIGN_IN_BYTES) {
    return withUrl(new AppError('too_large', '请求内容过大'));
  }
  const form = await request.clone().formData().catch(() => null);
  const parsed = signInInput.safeParse({ login: form?.get('login') ?? undefined, password: form?.get('password') ?? undefined });
  if (!parsed.success) return withUrl(invalidInput(parsed.error));
  try {
    // Attempts per address, successful or not (each costs an argon2 hash); failures are also locked in the database.
    await consume('signin', { user: null, ip: request.headers.get(CLIENT_IP_HEADER) });
    await assertNotLocked(parsed.data.login, request.headers.get(CLIENT_IP_HEADER));
  } catch (error) {
    if (error instanceof AppError) return withUrl(error);
    throw error;
  }
  return null;
}

export async function GET(request: NextRequest, context: Context) {
  return nextAuth(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join('/') === 'callback/credentials') {
    const early = await precheckCredentials(request);
    if (early) return early;
  }
  return nextAuth(request, context);
}
