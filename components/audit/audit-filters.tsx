import { inputClass } from "@/components/ui/field";

type Values = { model?: string; person?: string; action?: string; from?: string; to?: string };

/** A plain GET form: the filters live in the URL, so a filtered view can be shared and reloaded. */
export function AuditFilters({ values, models, actions }: { values: Values; models: { slug: string; name: string }[]; actions: string[] }) {
  return (
    <form method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter the audit log">
      <div>
        <label htmlFor="model" className="text-sm font-medium text-slate-700">Model</label>
        <select id="model" name="model" defaultValue={values.model ?? ""} className={inputClass}>
          <option value="">All models</option>
          {models.map((m) => <option key={m.slug} value={m.slug}>{m.name}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="person" className="text-sm font-medium text-slate-700">Person</label>
        <input id="person" name="person" defaultValue={values.person ?? ""} placeholder="e-mail or name" className={inputClass} />
      </div>
      <div>
        <label htmlFor="action" className="text-sm font-medium text-slate-700">Action</label>
        <input id="action" name="action" list="audit-actions" defaultValue={values.action ?? ""} placeholder="e.g. deploy" className={inputClass} />
        <datalist id="audit-actions">{actions.map((a) => <option key={a} value={a} />)}</datalist>
      </div>
      <div>
        <label htmlFor="from" className="text-sm font-medium text-slate-700">From (UTC)</label>
        <input id="from" name="from" type="date" defaultValue={values.from ?? ""} className={inputClass} />
      </div>
      <div>
        <label htmlFor="to" className="text-sm font-medium text-slate-700">To (UTC)</label>
        <input id="to" name="to" type="date" defaultValue={values.to ?? ""} className={inputClass} />
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Filter</button>
        <a href="/audit" className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">Clear</a>
      </div>
    </form>
  );
}
