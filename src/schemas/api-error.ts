// zod schema of the standard error envelope, used only to name the server's error code in messages.
import { z } from 'zod';

export const apiErrorEnvelopeSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});
