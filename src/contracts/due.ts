/**
 * Where a postmortem stands against its due date, as structure the UI colours by (never by parsing
 * words). The rule is the one meaning of "on time": sent to review on or before its due date
 * (src/domain/postmortem/timeliness.ts). A `due` sentence next to it says the same in words.
 */
import { z } from 'zod';

export const PostmortemDueState = z
  .object({
    /** Not yet sent to review: `due`, `due-today` or `late` (`no-due-date` when it has none); once sent: `sent-on-time` or `sent-late`. */
    kind: z.enum(['no-due-date', 'due', 'due-today', 'late', 'sent-on-time', 'sent-late']),
    /** Days until the due date (`due`), or days late (`late`, `sent-late`); 0 otherwise. */
    days: z.number().int().min(0),
  })
  .strict();
export type PostmortemDueState = z.infer<typeof PostmortemDueState>;
