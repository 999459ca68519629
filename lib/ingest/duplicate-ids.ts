import type { RowError } from "./schemas";

/** How many other rows one error names before it says "and N more". */
const NAMED_ROWS = 3;

/**
 * One id more than once in a batch. Copies with identical content are one row: the first is
 * kept and the rest count as duplicates, as a replay would. Copies that differ are refused, each
 * naming the rows it differs from, since which of them is true cannot be known (before this the
 * kept copy was arbitrary).
 *
 * "Identical" is the same canonical JSON: the same fields with the same values, object keys in
 * any order; numbers as JSON reads them (1.0 is 1); strings, times included, as written
 * ("10:00:00Z" and "11:00:00+01:00" differ). Only ids that repeat are compared, so a batch of
 * distinct ids costs one map.
 */
export function resolveRepeatedIds<T extends { id: string }>(rows: { index: number; row: T }[]): { kept: T[]; repeats: number; errors: RowError[] } {
  const byId = new Map<string, { index: number; row: T }[]>();
  for (const entry of rows) {
    const group = byId.get(entry.row.id);
    if (group) group.push(entry);
    else byId.set(entry.row.id, [entry]);
  }
  if (byId.size === rows.length) return { kept: rows.map((r) => r.row), repeats: 0, errors: [] };

  const kept: T[] = [];
  const errors: RowError[] = [];
  let repeats = 0;
  for (const group of byId.values()) {
    if (group.length === 1) {
      kept.push(group[0]!.row);
      continue;
    }
    const contents = group.map((g) => canonicalJson(g.row));
    if (contents.every((c) => c === contents[0])) {
      kept.push(group[0]!.row);
      repeats += group.length - 1;
      continue;
    }
    group.forEach((entry, i) => {
      const others = group.filter((_, j) => contents[j] !== contents[i]).map((g) => g.index);
      errors.push({ index: entry.index, path: "id", message: `is also the id of ${rowList(others)}, with different content; send one version of each id per batch` });
    });
  }
  return { kept, repeats, errors };
}

/** "row 4", "rows 4 and 9", "rows 4, 9 and 12", "rows 4, 9, 12 and 3 more". */
function rowList(indexes: number[]): string {
  if (indexes.length === 1) return `row ${indexes[0]}`;
  const named = indexes.slice(0, NAMED_ROWS);
  const more = indexes.length - named.length;
  return more > 0 ? `rows ${named.join(", ")} and ${more} more` : `rows ${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
}

/** JSON with every object's keys sorted, so two values that say the same thing give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
