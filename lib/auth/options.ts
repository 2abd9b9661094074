import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { ACCOUNT_DISABLED, WRONG_CREDENTIALS, authenticate } from '../accounts/signin';
import { signOutSession } from '../accounts/sessions';
import { findSessionUser } from '../accounts/users';
import { CLIENT_IP_HEADER } from '../api/client-ip';
import { db } from '../db';
import { AppError } from '../errors';
import { authCookies, secureCookies } from './cookies';
import type { Role } from '../accounts/schema';

declare module 'next-auth' {
  interface Session {
    user?: { id: string; name: string; role: Role; departmentId: string | null };
  }
  interface User {
    role: Role;
    departmentId: string | null;
    /** The account's session version at sign-in, carried in the token as `sv` (lib/auth/token.ts). */
    sessionVersion: number;
  }
}

function header(headers: unknown, name: string): string | null {
  const value = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** next-auth configuration: credentials only, JWT sessions whose subject is the user's public id. */
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  // Read when this module loads, after server.ts has settled NEXTAUTH_URL; lib/auth/token.ts reads the same name.
  useSecureCookies: secureCookies(),
  cookies: authCookies(secureCookies()),
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: '账号密码',
      credentials: { login: { label: '邮箱或手机号', type: 'text' }, password: { label: '密码', type: 'password' } },
      async authorize(credentials, req) {
        try {
          const user = await authenticate(credentials ?? {}, header(req?.headers, CLIENT_IP_HEADER));
          return { id: user.publicId, name: user.name, role: user.role, departmentId: user.departmentPublicId, sessionVersion: user.sessionVersion };
        } catch (error) {
          // next-auth passes the message through as ?error=…, which the sign-in form shows: known failures as codes
          // (lib/auth/redirect.ts#SIGN_IN_ERRORS), so the form says them in the reader's language.
          if (error instanceof AppError) throw new Error(signInErrorCode(error));
          throw error;
        }
      },
    }),
  ],
  events: {
    // Ends the session for good (not only this browser's cookie): a copy of the token stops working too.
    async signOut({ token }) {
      if (typeof token?.sub === 'string' && Number.isInteger(token.sv)) await signOutSession({ sub: token.sub, sv: token.sv as number });
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    // Read the account afresh, so the session shows the current role (or nothing once disabled or signed out).
    async session({ session, token }) {
      const user = typeof token.sub === 'string' && Number.isInteger(token.sv) ? await findSessionUser(db(), token.sub, token.sv as number) : null;
      return {
        expires: session.expires,
        user: user
          ? { id: user.publicId, name: user.name, role: user.role, departmentId: user.departmentPublicId }
          : undefined,
      };
    },
  },
};

/** The code next-auth carries for a refused sign-in: wrong credentials and a disabled account by code, others by text. */
function signInErrorCode(error: AppError): string {
  if (error.message === WRONG_CREDENTIALS) return 'CredentialsSignin';
  if (error.message === ACCOUNT_DISABLED) return 'AccountDisabled';
  return error.message;
}
