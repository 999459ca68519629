import { createChannelRoute } from "@/lib/api/routes/notification-channels";

export const dynamic = "force-dynamic";
export const POST = createChannelRoute();
