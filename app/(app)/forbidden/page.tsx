import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { EmptyState } from "@/components/ui/empty-state";

export default async function ForbiddenPage() {
  const { actor } = await requirePageUser("models.view");
  return (
    <EmptyState title="Your role does not open that page">
      <p>
        You are signed in as {actor.email} with the {ROLE_LABELS[actor.role]} role. Ask an admin if you need more.
      </p>
      <p className="mt-3">
        <Link href="/" className="font-medium text-brand-700 hover:underline">
          Back to models
        </Link>
      </p>
    </EmptyState>
  );
}
