import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { DEFAULT_SAMPLING_POLICY, SCORE_BANDS, UNKNOWN_STRATUM, UNSTRATIFIED } from "@/lib/labelling/constants";

/**
 * The SQL both ingest and backfill sample with, so a backfill picks exactly the predictions a
 * replay under the same policy would: `policy` (the model's policy or the defaults) and
 * `candidates` over the rows of `source` (a CTE with id, external_id, predicted_at, label and
 * score): each row's stratum, its stratum's rate, and its draw in [0, 1) from md5 of the model id
 * and the caller's id (lib/labelling/sampling.ts computes the same draw), kept when below the rate.
 */
export function samplingPolicyAndCandidatesSql(modelId: string, source: SQL): SQL {
  const d = DEFAULT_SAMPLING_POLICY;
  const bands = sql.raw(`array[${SCORE_BANDS.map((b) => `'${b}'`).join(", ")}]`);
  return sql`
    policy as (
      select coalesce(sp.rate, ${d.rate}::float8) as rate, coalesce(sp.stratify_by::text, ${d.stratifyBy}::text) as stratify_by,
        coalesce(sp.stratum_rates, '{}'::jsonb) as stratum_rates, sp.daily_cap, coalesce(sp.overlap_share, 0::float8) as overlap_share
      from (select 1) as one left join sampling_policies sp on sp.model_id = ${modelId}::uuid
    ),
    candidates as (
      select id, predicted_at, stratum, rate, draw from (
        select n.id, n.predicted_at, x.stratum, coalesce((p.stratum_rates ->> x.stratum)::float8, p.rate) as rate,
          ('x' || substr(md5(${modelId}::text || ':' || n.external_id), 1, 13))::bit(52)::bigint::float8 / 4503599627370496.0 as draw
        from ${source} n cross join policy p
        cross join lateral (
          select case p.stratify_by
            when 'predicted_class' then coalesce(n.label, ${UNKNOWN_STRATUM}::text)
            when 'score_band' then case when n.score is null then ${UNKNOWN_STRATUM}::text else (${bands})[least(greatest(floor(n.score * 5)::int, 0), 4) + 1] end
            else ${UNSTRATIFIED}::text
          end as stratum
        ) x
      ) drawn
      where draw < rate
    )`;
}
