/**
 * How an open finding reads in one line, for the report's page and its CSV alike. Kept apart from
 * the report's schemas: the report page imports it as a value, and a module holding zod schemas
 * would bring zod's runtime (which probes `new Function`, refused by Forge's content security policy)
 * into the page.
 */
import type { ReviewFinding } from './properties';

/** One open finding in a line: "Timeline: mentions @Tom Becker". */
export function findingText(f: ReviewFinding): string {
  const what: Record<typeof f.kind, string> = {
    missing: 'section missing',
    'guidance-only': 'only the template’s text',
    mention: 'mentions',
    'person-name': 'names a person',
    'internal-name': 'internal name',
  };
  const text = f.kind === 'missing' || f.kind === 'guidance-only' ? '' : ` ${f.text}`;
  return `${f.section}: ${what[f.kind]}${text}${f.occurrences && f.occurrences > 1 ? ` (${f.occurrences}×)` : ''}`;
}
