import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';

/**
 * A page's load that the operation may refuse: "not found" (and a malformed id, 422) become the 404 page, the same
 * answer an outsider gets, so a page never tells whether something exists. Other errors propagate.
 */
export async function orNotFound<T>(load: Promise<T>, statuses: readonly number[] = [404, 422]): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && statuses.includes(error.status)) notFound();
    throw error;
  }
}
