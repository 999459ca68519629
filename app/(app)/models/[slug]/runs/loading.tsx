import { CARDS_PAGE_BLOCKS, LoadingPlaceholder } from "@/components/ui/loading-placeholder";

export default function LoadingRuns() {
  return <LoadingPlaceholder label="Loading the runs" blocks={CARDS_PAGE_BLOCKS} />;
}
