import type { JsonSchema } from './Study.js';
import { schemaErrors } from './internal/validate.js';

/**
 * Validates a JSON value against a JSON Schema (draft 2020-12, Ajv), e.g. a study result against
 * its `resultSchema`.
 *
 * @param value - the parsed JSON
 * @param schema - the schema
 * @returns the errors as `path: message` lines (empty when valid)
 * @example
 * validateJson({ schema: 'idyn.laws/1' }, studies.laws.resultSchema);
 * // ['$: must have required property \'net\'']
 */
export function validateJson(value: unknown, schema: JsonSchema): string[] {
  return schemaErrors(schema, value);
}
