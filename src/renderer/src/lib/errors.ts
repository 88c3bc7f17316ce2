// What to show for an error from a call: the core's own words in the user's language.
import type { Bilingual } from '../../../shared/providers';
import { ApiError } from '../api/client';

export function errorText(err: unknown, pick: (text: Bilingual) => string): string {
  if (err instanceof ApiError) return pick(err.body);
  if (err instanceof Error) return err.message;
  return String(err);
}
