/** A page's loading boundary (loading.tsx): grey blocks in the page's shape, announced as busy. */
export function LoadingPlaceholder({ label, blocks }: { label: string; blocks: readonly string[] }) {
  return (
    <div aria-busy="true" aria-label={label} className="animate-pulse space-y-4">
      {blocks.map((size, i) => (
        <div key={i} className={`${size} bg-slate-200`} />
      ))}
    </div>
  );
}

/** A heading, a filter row and a table: the Alerts and Monitors pages. */
export const TABLE_PAGE_BLOCKS = ["h-8 w-48 rounded", "h-10 w-72 rounded", "h-64 rounded-lg"] as const;

/** A heading and two cards: the runs and versions pages. */
export const CARDS_PAGE_BLOCKS = ["h-8 w-72 rounded", "h-24 rounded-lg", "h-24 rounded-lg"] as const;
