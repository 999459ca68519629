/** A button of a joined group where one is pressed (range presets, splits). */
export const toggleButton = (active: boolean) =>
  `px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md ring-1 ring-inset ring-slate-300 -ml-px first:ml-0 ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 hover:bg-slate-50"}`;
