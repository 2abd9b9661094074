import { z } from 'zod';
import { trackingNo } from '../../cases/validation';

/** Pieces the endpoint declarations share. */

export const publicId = z.string().max(64).meta({ description: 'public id (UUID)' });
export const tracking = { trackingNo };
export const jsonBody = <S extends z.ZodType>(schema: S, maxKb: number) => ({ schema, maxKb });
