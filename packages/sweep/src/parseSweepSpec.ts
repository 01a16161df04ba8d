import { studies } from '@idyn/studies';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { SweepAxis, SweepSpec, SweepZip } from './SweepSpec.js';
import { SweepSpecError } from './SweepSpecError.js';
import { axisValueCount } from './internal/axisValues.js';
import { specSchemaError } from './internal/specSchema.js';

/** Options of {@link parseSweepSpec}. */
export interface ParseSweepSpecOptions {
  /** The file the text came from, named in error messages. @default undefined */
  readonly source?: string;
  /** Largest number of jobs a spec may describe (a guard against a typo in a range). @default 10000000 */
  readonly maxJobs?: number;
}

/** Paths of the fields an axis sets. */
export function axisFields(axis: SweepAxis): string[] {
  if (axis.set !== undefined) return Object.keys(axis.set);
  return axis.field === null ? [] : [axis.field ?? axis.name];
}

/**
 * Reads a sweep spec from JSON or YAML text (or an object already parsed), validates it against
 * `schemas/sweep-spec.schema.json` (Ajv, draft 2020-12) and checks what a schema cannot: the study
 * exists, ranges are finite and non-empty, zipped axes have equal lengths, no two axes set the same
 * field, templates contain `{}`, the grid is not larger than `maxJobs`.
 *
 * @param source - JSON or YAML text (YAML 1.2 reads JSON too), or a parsed object
 * @param options - the file name for messages, the job limit
 * @returns the spec, as given (defaults are applied by {@link expandSweep})
 * @throws SweepSpecError naming the place in the spec and the reason
 * @example
 * parseSweepSpec('study: laws\naxes:\n  - { name: width, field: net, template: "relu:2-{}-1", values: [1, 2, 3] }');
 * // { study: 'laws', axes: [{ name: 'width', … }] }
 */
export function parseSweepSpec(source: string | object, options: ParseSweepSpecOptions = {}): SweepSpec {
  const file = options.source;
  const fail = (path: string, reason: string) => new SweepSpecError(path, reason, file);
  let value: unknown = source;
  if (typeof source === 'string') {
    const trimmed = source.trimStart();
    try {
      value = trimmed.startsWith('{') ? JSON.parse(source) : parseYaml(source);
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof YAMLParseError)
        throw fail(
          '$',
          `not valid ${trimmed.startsWith('{') ? 'JSON' : 'YAML'} (${error.message.split('\n')[0]})`,
        );
      throw error;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw fail('$', 'a sweep spec is an object with "study", "base" and "axes"');
  const error = specSchemaError(value);
  if (error !== null) throw fail(...error);
  const spec = value as SweepSpec;
  if (!Object.hasOwn(studies, spec.study))
    throw fail('study', `unknown study '${spec.study}' (studies: ${Object.keys(studies).join(', ')})`);
  const names = new Set<string>();
  const allNames = new Set(
    (spec.axes ?? []).flatMap((entry) =>
      ('zip' in entry ? (entry as SweepZip).zip : [entry as SweepAxis]).map((a) => a.name),
    ),
  );
  const fields = new Map<string, string>();
  let jobs = 1;
  const checkAxis = (axis: SweepAxis, path: string): number => {
    if (names.has(axis.name)) throw fail(`${path}.name`, `axis '${axis.name}' is named twice`);
    names.add(axis.name);
    if (axis.set !== undefined && (axis.field !== undefined || axis.template !== undefined))
      throw fail(path, 'give either "set" or "field"/"template", not both');
    if (axis.field === null && axis.template !== undefined)
      throw fail(
        `${path}.template`,
        'an axis with "field": null sets no field: its template would go nowhere',
      );
    const templates =
      axis.set !== undefined
        ? Object.entries(axis.set)
        : axis.field === null
          ? []
          : [[axis.field ?? axis.name, axis.template]];
    for (const [field, template] of templates) {
      const where = axis.set !== undefined ? `${path}.set.${field}` : `${path}.template`;
      if (template !== undefined) {
        const refs = [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)?\}/g)].map((m) => m[1]);
        if (refs.length === 0) throw fail(where, `template '${template}' has no {} for the value`);
        for (const ref of refs)
          if (ref !== undefined && !allNames.has(ref))
            throw fail(
              where,
              `template '${template}' names no axis '${ref}' (axes: ${[...allNames].join(', ')})`,
            );
      }
      if (field === undefined || field.split('.').some((part) => part.length === 0))
        throw fail(
          axis.set !== undefined ? `${path}.set` : `${path}.field`,
          `'${field}' is not a dotted path`,
        );
      const other = fields.get(field);
      if (other !== undefined) throw fail(path, `field '${field}' is already set by axis '${other}'`);
      fields.set(field, axis.name);
    }
    try {
      return axisValueCount(axis);
    } catch (error) {
      if (error instanceof SweepSpecError) throw fail(`${path}.${error.path}`, error.reason);
      throw error;
    }
  };
  (spec.axes ?? []).forEach((entry, i) => {
    let count: number;
    if ('zip' in entry) {
      const counts = (entry as SweepZip).zip.map((axis, k) => checkAxis(axis, `axes[${i}].zip[${k}]`));
      count = counts[0]!;
      const k = counts.findIndex((c) => c !== count);
      if (k >= 0)
        throw fail(
          `axes[${i}].zip`,
          `zipped axes must have equal lengths: '${entry.zip[0]!.name}' has ${count} values, '${entry.zip[k]!.name}' has ${counts[k]}`,
        );
    } else count = checkAxis(entry as SweepAxis, `axes[${i}]`);
    jobs *= count;
  });
  for (const path of spec.outputs ?? [])
    if (path.split('.').some((part) => part.length === 0))
      throw fail('outputs', `'${path}' is not a dotted path`);
  const maxJobs = options.maxJobs ?? 10_000_000;
  if (jobs > maxJobs) throw fail('axes', `the grid has ${jobs} jobs, more than the limit ${maxJobs}`);
  return spec;
}
