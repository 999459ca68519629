export const inputClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs disabled:bg-slate-50 disabled:text-slate-400";

/** A labelled form control with its hint and its errors tied to it for screen readers. */
export function Field({ label, name, hint, errors, children }: { label: string; name: string; hint?: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={name} className="text-sm font-medium text-slate-700">{label}</label>
      {children}
      {hint && !errors?.length ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {errors?.length ? (
        <p id={`${name}-error`} className="mt-1 text-xs text-red-700">{errors.join(" ")}</p>
      ) : null}
    </div>
  );
}
