import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../Study.js';
import { StudyInputError } from '../StudyInputError.js';

// One Ajv instance (draft 2020-12, the draft the schemas declare); validators are compiled on
// first use. `strict` refuses unknown keywords, so a typo in a schema fails its first run.
let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

function validator(schema: JsonSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (v === undefined) {
    ajv ??= new Ajv2020({
      strictSchema: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
    });
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** `/L/1` → `L[1]`, `/data/X/0` → `data.X[0]`. */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

function valueAt(data: unknown, instancePath: string): unknown {
  let v = data;
  for (const p of instancePath.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[p];
  return v;
}

function toError(study: string, data: unknown, e: ErrorObject): StudyInputError {
  const base = fieldOf(e.instancePath);
  const value = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return new StudyInputError(base === '' ? missing : `${base}.${missing}`, 'is required', { study });
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return new StudyInputError(
        base === '' ? extra : `${base}.${extra}`,
        base === '' ? `is not an input of {study}` : 'is not allowed here',
        { study },
      );
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const list =
        allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed.join('');
      const root = base.split(/[.[]/)[0] ?? base;
      return new StudyInputError(
        base,
        `{${root}}${base.slice(root.length)} must be ${list}, got '${String(value)}'`,
        {
          study,
          value,
          standalone: true,
        },
      );
    }
    default:
      return new StudyInputError(
        base === '' ? 'input' : base,
        // a sub-field (`L[0]`) is shown without its value in the head: say it here
        `${e.message ?? 'is invalid'}${value === undefined || typeof value === 'object' || !/[.[]/.test(base) ? '' : `, got ${JSON.stringify(value)}`}`,
        { study, value },
      );
  }
}

/**
 * Validates a study input against its JSON Schema (Ajv, draft 2020-12).
 * @throws StudyInputError naming the first offending field and its value
 */
export function validateInput(study: string, schema: JsonSchema, input: unknown): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new StudyInputError('input', 'must be a JSON object', { study, standalone: false });
  const v = validator(schema);
  if (!v(input)) throw toError(study, input, v.errors![0]!);
}

/**
 * Validates any JSON value against a schema; returns the errors as `path: message` lines.
 * @returns an empty list when valid
 */
export function schemaErrors(schema: JsonSchema, value: unknown): string[] {
  const v = validator(schema);
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath === '' ? '$' : e.instancePath}: ${e.message ?? ''}`);
}
