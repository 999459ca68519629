import { CARDS_PAGE_BLOCKS, LoadingPlaceholder } from "@/components/ui/loading-placeholder";

export default function LoadingVersions() {
  return <LoadingPlaceholder label="Loading the versions" blocks={CARDS_PAGE_BLOCKS} />;
}
