import { LoadingPlaceholder, TABLE_PAGE_BLOCKS } from "@/components/ui/loading-placeholder";

export default function LoadingMonitors() {
  return <LoadingPlaceholder label="Loading" blocks={TABLE_PAGE_BLOCKS} />;
}
