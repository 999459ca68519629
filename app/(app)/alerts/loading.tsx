import { LoadingPlaceholder, TABLE_PAGE_BLOCKS } from "@/components/ui/loading-placeholder";

export default function LoadingAlerts() {
  return <LoadingPlaceholder label="Loading" blocks={TABLE_PAGE_BLOCKS} />;
}
