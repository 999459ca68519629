import type { Metadata } from "next";
import { getSessionUser } from "@/lib/session/session";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { StatusPage } from "@/components/shell/status-page";

export const metadata: Metadata = { title: "Not open to your role" };

// What forbidden() shows, with a 403: the same page as the 404, saying who is signed in.
export default async function Forbidden() {
  const user = await getSessionUser();
  return (
    <StatusPage status={403} title="Your role does not open that page">
      {user ? <p>You are signed in as {user.email} with the {ROLE_LABELS[user.role]} role. Ask an admin if you need more.</p> : null}
    </StatusPage>
  );
}
