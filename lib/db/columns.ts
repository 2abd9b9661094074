import { customType } from 'drizzle-orm/pg-core';

/** A `bytea` column as bytes: uploaded files kept in the database (disclosure_files, letter_attachments). */
export const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });
