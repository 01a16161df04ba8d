/**
 * A value of a budget option that admits a run needing `needed`, in the CLI's syntax: sizes in
 * GiB or MiB rounded up (`--max-memory 20GiB`), work rounded up to one significant digit
 * (`--max-work 3e12`), counts exactly (`--max-paths 1010000`).
 *
 * @param field - the study's budget field: `maxMemoryBytes`, `maxWork`, `maxPaths`, `maxUnknowns`, …
 * @param needed - the estimate (bytes, operations or a count)
 * @returns the option's value, or undefined for a field without an option
 * @example
 * budgetExample('maxMemoryBytes', 19.4 * 2 ** 30); // '20GiB'
 * budgetExample('maxWork', 2.43e12); // '3e12'
 */
export function budgetExample(field: string, needed: number | bigint): string | undefined {
  if (typeof needed === 'bigint') return needed.toString();
  if (!Number.isFinite(needed)) return undefined;
  if (field === 'maxMemoryBytes') {
    const gib = needed / 2 ** 30;
    return gib >= 1 ? `${Math.ceil(gib)}GiB` : `${Math.max(1, Math.ceil(needed / 2 ** 20))}MiB`;
  }
  if (field === 'maxWork') {
    const exp = Math.floor(Math.log10(needed));
    const lead = Math.ceil(needed / 10 ** exp - 1e-12);
    return lead >= 10 ? `1e${exp + 1}` : `${lead}e${exp}`;
  }
  return Number.isInteger(needed) ? String(needed) : String(Math.ceil(needed));
}
