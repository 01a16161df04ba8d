/** The column types of the store, narrowest first (a column widens along BIGINT → DOUBLE, else to VARCHAR). */
export type ColumnType = 'BOOLEAN' | 'BIGINT' | 'DOUBLE' | 'VARCHAR';

/**
 * Flattens a JSON value into `prefix.path` → scalar: objects recurse with dotted paths, arrays
 * become JSON text (one cell), scalars stay. `null` is kept (a NULL cell).
 */
export function flatten(prefix: string, value: unknown, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) flatten(`${prefix}.${k}`, v, out);
  } else if (Array.isArray(value)) out.set(prefix, JSON.stringify(value));
  else if (value !== undefined) out.set(prefix, value);
  return out;
}

/** The narrowest column type that holds a value (null: none). */
export function typeOf(value: unknown): ColumnType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}

/** The narrowest type holding both (BIGINT and DOUBLE → DOUBLE; any other mix → VARCHAR). */
export function widen(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b) return a;
  if ((a === 'BIGINT' && b === 'DOUBLE') || (a === 'DOUBLE' && b === 'BIGINT')) return 'DOUBLE';
  return 'VARCHAR';
}

/**
 * Keeps the parts of a result named by dotted paths (each keeps its subtree); no paths: all of it.
 * A path that is absent from the result is skipped.
 */
export function pickOutputs(result: unknown, paths: readonly string[] | undefined): unknown {
  if (paths === undefined || result === null || typeof result !== 'object') return result;
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const parts = path.split('.');
    let src: unknown = result;
    for (const p of parts)
      src = src !== null && typeof src === 'object' ? (src as Record<string, unknown>)[p] : undefined;
    if (src === undefined) continue;
    let node = out;
    for (const p of parts.slice(0, -1)) {
      if (node[p] === null || typeof node[p] !== 'object') node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = src;
  }
  return out;
}
