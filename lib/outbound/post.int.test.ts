import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "@/lib/env-parsers/allow-list";
import { postOutbound } from "./post";
import { OutboundRefused, type ResolvedAddress, type Resolver } from "./resolve";
import { refuseLoopbackReceivers, startReceiver } from "@/test/receiver";

// Connect-time checks on real sockets: whatever the URL said when it was saved, the address the
// socket would reach is checked, and the socket goes to exactly the address that was checked.

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let port: number;
const request = { headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 5000 };
const LOOPBACK_ONLY = parseAllowList("127.0.0.1").list;

beforeAll(async () => {
  receiver = await startReceiver({ allowed: false });
  refuseLoopbackReceivers();
  port = Number(new URL(receiver.url).port);
});
afterAll(() => receiver.close());

/** A resolver that answers from a script, one answer a call, and counts the calls: DNS as an attacker runs it. */
function scriptedResolver(...answers: string[][]): Resolver & { calls: number } {
  const resolver = Object.assign(
    async (): Promise<ResolvedAddress[]> => {
      const answer = answers[Math.min(resolver.calls, answers.length - 1)]!;
      resolver.calls++;
      return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolver;
}

async function refusal(url: string, options: Parameters<typeof postOutbound>[2] = {}): Promise<string> {
  const error = await postOutbound(url, request, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return (error as Error).message;
}

describe("calling out, at connect time", () => {
  it("refuses every spelling of the receiver's loopback address, and the receiver hears nothing", async () => {
    receiver.received.length = 0;
    const spellings = ["127.0.0.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"];
    for (const host of spellings) {
      expect(await refusal(`http://${host}:${port}/hook`)).toBe("Vigil does not call 127.0.0.1, a loopback address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW");
    }
    expect(await refusal(`http://[::1]:${port}/hook`)).toMatch(/^Vigil does not call ::1, a loopback address/);
    expect(await refusal(`http://0.0.0.0:${port}/hook`)).toMatch(/^Vigil does not call 0\.0\.0\.0, the unspecified address/);
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses localhost by what it resolves to (the system resolver, hosts file included)", async () => {
    expect(await refusal(`http://localhost:${port}/hook`)).toMatch(/^Vigil does not call localhost \((127\.0\.0\.1|::1), a loopback address\)/);
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a name whose resolver answers a private address, or a public one with a private one beside it", async () => {
    expect(await refusal(`http://metadata.attacker.test:${port}/`, { resolver: scriptedResolver(["169.254.169.254"]) })).toMatch(
      /^Vigil does not call metadata\.attacker\.test \(169\.254\.169\.254, a link-local address\)/,
    );
    expect(await refusal(`http://mixed.attacker.test:${port}/`, { resolver: scriptedResolver(["93.184.215.14", "127.0.0.1"]) })).toMatch(/^Vigil does not call mixed\.attacker\.test \(127\.0\.0\.1, a loopback address\)/);
    expect(receiver.received).toHaveLength(0);
  });

  it("resolves once and connects to the address it checked: a resolver that changes its answer after the check (DNS rebinding) is never asked again", async () => {
    // First answer: the allowed receiver. Any later answer: an address that is not allowed.
    const resolver = scriptedResolver(["127.0.0.1"], ["10.0.0.5"]);
    receiver.received.length = 0;
    receiver.answer(200);
    const response = await postOutbound(`http://rebind.attacker.test:${port}/hook`, request, { resolver, allow: LOOPBACK_ONLY });
    expect(response).toMatchObject({ status: 200, ok: true });
    expect(receiver.received).toHaveLength(1);
    expect(resolver.calls).toBe(1);

    // The other order: the first answer is refused, so no connection is made at all.
    const rebinding = scriptedResolver(["10.0.0.5"], ["127.0.0.1"]);
    expect(await refusal(`http://rebind.attacker.test:${port}/hook`, { resolver: rebinding, allow: LOOPBACK_ONLY })).toMatch(/10\.0\.0\.5, a private address/);
    expect(rebinding.calls).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it("lets a host listed by name through whatever it resolves to, and only that host", async () => {
    const allow = parseAllowList("receiver.internal").list;
    receiver.received.length = 0;
    expect(await postOutbound(`http://receiver.internal:${port}/hook`, request, { resolver: scriptedResolver(["127.0.0.1"]), allow })).toMatchObject({ ok: true });
    expect(await refusal(`http://other.internal:${port}/hook`, { resolver: scriptedResolver(["127.0.0.1"]), allow })).toMatch(/other\.internal \(127\.0\.0\.1/);
    expect(receiver.received).toHaveLength(1);
  });

  it("refuses credentials in the URL and follows no redirect", async () => {
    expect(await refusal(`http://user:pass@127.0.0.1:${port}/`, { allow: LOOPBACK_ONLY })).toMatch(/^Leave credentials out of the URL/);
    receiver.received.length = 0;
    receiver.answer(302, { location: "http://169.254.169.254/" });
    const response = await postOutbound(`http://127.0.0.1:${port}/redirect`, request, { allow: LOOPBACK_ONLY });
    receiver.answer(200);
    expect(response).toMatchObject({ status: 302, ok: false });
    expect(receiver.received).toHaveLength(1);
  });
});
