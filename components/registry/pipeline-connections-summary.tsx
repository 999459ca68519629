import { DEPLOY_TARGET_LABELS, TRAINER_LABELS } from "@/lib/registry/constants";
import type { PublicPipeline } from "@/lib/services/registry";

function host(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** What approvers see of where runs and deploys go: the kind and the host, and who may change them. */
export function PipelineConnectionsSummary({ pipeline }: { pipeline: PublicPipeline }) {
  const trainerHost = host(pipeline.trainerConfig.apiUrl ?? pipeline.trainerConfig.url);
  const deployHost = pipeline.deployTarget === "webhook" ? host(pipeline.deployWebhookUrl) : null;
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" aria-label="Where runs and deploys go">
        <dt className="font-medium text-slate-600">Trainer</dt>
        <dd>{TRAINER_LABELS[pipeline.trainer]}{trainerHost ? <span className="font-mono text-slate-500"> at {trainerHost}</span> : null}</dd>
        <dt className="font-medium text-slate-600">Deploy target</dt>
        <dd>{DEPLOY_TARGET_LABELS[pipeline.deployTarget]}{deployHost ? <span className="font-mono text-slate-500"> at {deployHost}</span> : null}</dd>
      </dl>
      <p className="text-xs text-slate-500">Only admins change where Vigil sends runs and deploys, and the secrets that go with them.</p>
    </div>
  );
}
