// The fields of a merged list: every source's field names, each once, in the order
// first met; and for each source where its values go.

export interface FieldMapping {
  /** For each merged field, the index of that field in this source (null: it has none). */
  map: (number | null)[];
  /** The source's fields are the merged fields exactly: its values can be copied as they are. */
  identity: boolean;
}

export function mergedFields(sources: string[][]): { fields: string[]; mappings: FieldMapping[] } {
  const fields: string[] = [];
  for (const names of sources) for (const name of names) if (!fields.includes(name)) fields.push(name);
  const mappings = sources.map((names) => {
    const map = fields.map((f) => {
      const i = names.indexOf(f);
      return i === -1 ? null : i;
    });
    return { map, identity: names.length === fields.length && map.every((i, j) => i === j) };
  });
  return { fields, mappings };
}
