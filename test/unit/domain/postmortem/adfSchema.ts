/**
 * Validates ADF against `@atlaskit/adf-schema`'s `json-schema/v1/full.json`. The schema declares
 * draft-04, which Ajv 8 does not ship a meta-schema for (`ajv-draft-04` is not installed); the
 * schema uses no draft-04-only keyword (no boolean exclusiveMinimum/Maximum, no `id`), so it is
 * compiled by Ajv 8 with its `$schema` removed.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fullSchema from '@atlaskit/adf-schema/json-schema/v1/full.json';

let validate: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

function validator() {
  if (!validate) {
    const schema: Record<string, unknown> = { ...(fullSchema as Record<string, unknown>) };
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  return validate;
}

/** Errors of `doc` against the ADF schema, or [] when it is valid. */
export function adfErrors(doc: unknown): unknown[] {
  const v = validator();
  return v(JSON.parse(JSON.stringify(doc))) ? [] : ((v.errors as unknown[]) ?? ['invalid']);
}

/** Jest helper: expect a valid ADF document. */
export function expectValidAdf(doc: unknown): void {
  const errors = adfErrors(doc);
  if (errors.length > 0) throw new Error(`Invalid ADF: ${JSON.stringify(errors).slice(0, 2000)}`);
}
