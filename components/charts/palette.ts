/** Line colours for charts with several series, in order; they repeat past eight. */
export const SERIES_COLORS = ["#1f5ad6", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#dc2626"];
export const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;
