/**
 * A JSON Schema (draft 2020-12) subset: `type` (one or a list), `properties`, `required`,
 * `additionalProperties` (boolean or schema), `items`, `minItems`, `enum`, `const`, `minimum`,
 * `maximum`, `pattern`, `anyOf`, `$ref` to `#/$defs/NAME`. Other keywords (`$schema`, `$id`,
 * `title`, `description`) are ignored.
 */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly anyOf?: readonly JsonSchema[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly [key: string]: unknown;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const t = typeOf(v);
  return t === type || (type === 'number' && t === 'integer');
}

/**
 * Validates a JSON value against a schema of the supported subset.
 * @param value - the parsed JSON
 * @param schema - the schema (its `$defs` resolve `$ref`s)
 * @returns the list of errors, each `path: message` (empty when valid)
 */
export function validateJson(value: unknown, schema: JsonSchema): string[] {
  const errors: string[] = [];
  const root = schema;
  const visit = (v: unknown, s: JsonSchema, path: string): void => {
    if (s.$ref !== undefined) {
      const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
      const target = m ? root.$defs?.[m[1] as string] : undefined;
      if (!target) {
        errors.push(`${path}: unresolvable $ref ${s.$ref}`);
        return;
      }
      visit(v, target, path);
    }
    if (s.type !== undefined) {
      const types = typeof s.type === 'string' ? [s.type] : s.type;
      if (!types.some((t) => matchesType(v, t))) {
        errors.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
        return;
      }
    }
    if (s.const !== undefined && JSON.stringify(v) !== JSON.stringify(s.const))
      errors.push(`${path}: expected ${JSON.stringify(s.const)}, got ${JSON.stringify(v)}`);
    if (s.enum !== undefined && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
      errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) errors.push(`${path}: ${v} < minimum ${s.minimum}`);
      if (s.maximum !== undefined && v > s.maximum) errors.push(`${path}: ${v} > maximum ${s.maximum}`);
    }
    if (typeof v === 'string' && s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v))
      errors.push(`${path}: ${JSON.stringify(v)} does not match ${s.pattern}`);
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems)
        errors.push(`${path}: ${v.length} items, expected at least ${s.minItems}`);
      if (s.items) {
        const items = s.items;
        v.forEach((x, i) => {
          visit(x, items, `${path}[${i}]`);
        });
      }
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      for (const key of s.required ?? [])
        if (!(key in obj)) errors.push(`${path}: missing required property "${key}"`);
      for (const [key, x] of Object.entries(obj)) {
        const p = s.properties?.[key];
        if (p) visit(x, p, `${path}.${key}`);
        else if (s.additionalProperties === false) errors.push(`${path}: unexpected property "${key}"`);
        else if (typeof s.additionalProperties === 'object')
          visit(x, s.additionalProperties, `${path}.${key}`);
      }
    }
    if (s.anyOf !== undefined) {
      const ok = s.anyOf.some((alt) => validateJson(v, { ...alt, $defs: root.$defs }).length === 0);
      if (!ok) errors.push(`${path}: matches none of the anyOf alternatives`);
    }
  };
  visit(value, schema, '$');
  return errors;
}
