import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import specSchema from '../../schemas/sweep-spec.schema.json' with { type: 'json' };

let validate: ValidateFunction | undefined;

/** `/axes/0/range` → `axes[0].range`; the root is `$`. */
function pathOf(instancePath: string): string {
  const parts = instancePath.split('/').slice(1);
  if (parts.length === 0) return '$';
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describe(e: ErrorObject): [string, string] {
  const path = pathOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return [path, `'${String(params.missingProperty)}' is required`];
    case 'additionalProperties':
      return [path, `'${String(params.additionalProperty)}' is not a field here`];
    case 'oneOf':
      return /axes\[\d+\](\.zip\[\d+\])?$/.test(path)
        ? [path, 'an axis needs exactly one of values, range, linspace, logspace, random (or a zip list)']
        : /random$/.test(path)
          ? [path, 'random needs exactly one of uniform, loguniform, integer, choice']
          : [path, e.message ?? 'is invalid'];
    default:
      return [path, e.message ?? 'is invalid'];
  }
}

/**
 * Validates a parsed spec against schemas/sweep-spec.schema.json (Ajv, draft 2020-12).
 * @returns null when valid, else the place and the reason of the most specific error
 */
export function specSchemaError(value: unknown): [string, string] | null {
  validate ??= new Ajv2020({
    strictSchema: true,
    strictTypes: false,
    strictRequired: false,
    allErrors: true,
  }).compile(specSchema);
  if (validate(value)) return null;
  // An axes entry is tried as an axis and as a zip: keep the errors of the branch it is meant as.
  const errors = (validate.errors ?? []).filter((e) => {
    if (!/^\/axes\/\d+$/.test(e.instancePath)) return true;
    const entry = (value as { axes: Record<string, unknown>[] }).axes[Number(e.instancePath.split('/')[2])];
    const isZip = entry !== null && typeof entry === 'object' && 'zip' in entry;
    // Errors of the zip branch carry its schema path; the axis branch's come through $ref (`#/…`).
    const zipBranch = e.schemaPath.startsWith('#/properties/axes/items/oneOf/1/');
    return e.schemaPath === '#/properties/axes/items/oneOf' || isZip === zipBranch;
  });
  // The deepest named error first (a field inside a zip beats the zip entry itself).
  const named = errors
    .filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'required')
    .sort((a, b) => b.instancePath.length - a.instancePath.length);
  const pick =
    named.find((e) => e.keyword === 'additionalProperties') ??
    named[0] ??
    errors.find((e) => e.keyword === 'oneOf') ??
    errors[0] ??
    validate.errors![0]!;
  return describe(pick);
}
