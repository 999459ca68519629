import { Table, TableBody, TableHead } from "@/components/ui/table";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  anyOf?: Schema[];
  additionalProperties?: Schema | boolean;
};

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array") return `array of ${s.items ? typeOf(s.items) : "any"}${s.maxItems ? ` (≤ ${s.maxItems.toLocaleString("en")})` : ""}`;
  if (s.type === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") return `map of ${typeOf(s.additionalProperties)}`;
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` ${s.minimum ?? "…"}..${s.maximum ?? "…"}` : "";
  return base + range;
}

/** A JSON schema's fields as rows, nested objects and arrays of objects indented under their parent. */
export function SchemaFields({ schema }: { schema: Schema }) {
  const rows: { path: string; type: string; required: boolean; description?: string; depth: number }[] = [];
  const walk = (s: Schema, prefix: string, depth: number) => {
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      rows.push({ path, type: typeOf(child), required: (s.required ?? []).includes(name), description: child.description, depth });
      if (child.properties) walk(child, path, depth + 1);
      if (child.type === "array" && child.items?.properties) walk(child.items, `${path}[]`, depth + 1);
    }
  };
  walk(schema, "", 0);
  if (rows.length === 0) return null;
  return (
    <Table small>
      <TableHead look="compact" columns={["Field", "Type", "Meaning"]} />
      <TableBody>
        {rows.map((r) => (
          <tr key={r.path}>
            <td className="py-1 align-top font-mono" style={{ paddingLeft: `${r.depth * 0.75}rem` }}>
              {r.path}
              {r.required ? <span className="ml-1 text-red-700" title="required">*</span> : null}
            </td>
            <td className="py-1 pl-3 align-top font-mono text-slate-600">{r.type}</td>
            <td className="py-1 pl-3 align-top text-slate-700">{r.description ?? ""}</td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
