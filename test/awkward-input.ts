import fc from "fast-check";

// What a careless or hostile client sends where text and times go, for property tests.

/** Full unicode, with NUL and unpaired surrogates (which PostgreSQL cannot store) mixed in. */
export const awkwardText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.constantFrom("\0", "\ud800", "\udfff", "\ud83d\ude00", "a\u0000b", "\ufffd", "\u2028", "'; --", "%00"),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(""));

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An instant written with a zone offset, as a client in that zone would write it. */
function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Times around `now`: mostly in the last 300 days (in any zone, a few past what a zone can be),
 * and the edges: year 0, year 50, just before and at 1970, far and just ahead of now, 9999.
 */
export function awkwardTime(now: number) {
  const DAY = 86_400_000;
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(fc.integer({ min: now - 300 * DAY, max: now }), fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -14 * 60, max: 14 * 60 }) }, { weight: 1, arbitrary: fc.integer({ min: -24 * 60 + 1, max: 24 * 60 - 1 }) }))
        .map(([ms, offset]) => withOffset(ms, offset)),
    },
    { weight: 1, arbitrary: fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "0000-06-01T00:00:00Z",
        "0050-06-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        new Date(now + 10 * 60_000).toISOString(),
        new Date(now + 4 * 60_000).toISOString(),
        "2026-02-30T00:00:00Z",
        "yesterday",
      ),
    },
  );
}
