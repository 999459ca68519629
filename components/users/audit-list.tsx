type Entry = { id: number; at: string; actor: string; action: string; details: Record<string, unknown> };

const DESCRIBE: Record<string, (d: Record<string, unknown>) => string> = {
  "user.created": (d) => `added ${d.email} as ${d.role}`,
  "user.role_changed": (d) => `changed ${d.email} from ${d.from} to ${d.to}`,
  "user.deactivated": (d) => `deactivated ${d.email}`,
  "user.reactivated": (d) => `reactivated ${d.email}`,
  "user.password_reset": (d) => `reset the password of ${d.email}`,
  "user.password_changed": () => "changed their own password",
};

export function AuditList({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p className="mt-3 text-sm text-slate-500">No changes recorded yet.</p>;
  return (
    <ol className="mt-3 divide-y divide-slate-100 text-sm" aria-label="Recent user changes">
      {entries.map((e) => (
        <li key={e.id} className="flex flex-wrap justify-between gap-2 py-2">
          <span>
            <span className="font-medium text-slate-900">{e.actor}</span>{" "}
            <span className="text-slate-700">{DESCRIBE[e.action]?.(e.details) ?? e.action}</span>
          </span>
          <time dateTime={e.at} className="text-xs text-slate-500">
            {e.at.replace("T", " ").slice(0, 16)} UTC
          </time>
        </li>
      ))}
    </ol>
  );
}
