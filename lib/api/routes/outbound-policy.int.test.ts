import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { notificationAttempts, notificationChannels } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { actingAs } from "@/test/actors";
import { allowLoopbackReceivers, refuseLoopbackReceivers, startReceiver } from "@/test/receiver";
import { sealSecret } from "@/lib/secrets/key";
import { sealContext } from "@/lib/secrets/stored-secrets";
import { createChannel, testChannel } from "@/lib/services/notifications";
import { createMonitorRoute, updateMonitorRoute } from "./monitors";
import { createChannelRoute } from "./notification-channels";

// The SSRF attacks of issue #13 against the API and "Send test": every spelling of a non-public
// address is a 400 when saved, a stored one is refused again when called, a key limited to one
// model cannot add or attach channels, and a failure reads the same whatever the network did.

let t: TestDatabase;
let adminKey: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const deps = () => ({ db: () => t.db, sessionUser: async () => null });

beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam-filter");
  await createBinaryModel(t.db, "churn");
  adminKey = await createKey(t.db, ["admin", "read"]);
  receiver = await startReceiver({ allowed: false });
  refuseLoopbackReceivers();
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});

const port = () => new URL(receiver.url).port;

/** A channel as an older version (or a name that resolved elsewhere then) left it: stored without the save-time check. */
async function storeDirectly(name: string, url: string) {
  const id = crypto.randomUUID();
  await t.db.insert(notificationChannels).values({ id, name, type: "slack", url: sealSecret(url, sealContext("channelUrl", id)) });
  return { id };
}
const channel = (name: string, url: string) => ({ name, type: "webhook", url, secret: "0123456789abcdef-secret" });

describe("saving a channel URL", () => {
  const refused = () => [
    "http://169.254.169.254/latest/meta-data/",
    `http://localhost:${port()}/`,
    `http://localhost.:${port()}/`,
    `http://vigil.localhost:${port()}/`,
    `http://127.0.0.1:${port()}/`,
    `http://2130706433:${port()}/`,
    `http://017700000001:${port()}/`,
    `http://0x7f000001:${port()}/`,
    `http://127.1:${port()}/`,
    `http://[::1]:${port()}/`,
    `http://[::ffff:127.0.0.1]:${port()}/`,
    `http://0.0.0.0:${port()}/`,
    "http://10.1.2.3/",
    "http://192.168.0.10/hook",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.251/",
  ];

  it("answers 400 naming the address for every non-public spelling, and stores nothing", async () => {
    for (const [i, url] of refused().entries()) {
      const answer = await call(createChannelRoute(deps()), { key: adminKey, body: channel(`ssrf-${i}`, url) });
      expect({ url, status: answer.status }).toEqual({ url, status: 400 });
      expect(answer.json).toMatchObject({ error: "invalid_input", fields: { url: [expect.stringMatching(/^Vigil does not call .*(loopback|link-local|private|unique-local|multicast|unspecified).*VIGIL_OUTBOUND_ALLOW$/)] } });
    }
    expect(await t.db.$count(notificationChannels)).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("answers 400 for credentials in the URL and for schemes other than http and https", async () => {
    for (const url of ["https://user:pass@hooks.example.com/x", "http://admin@hooks.example.com/x"]) {
      const answer = await call(createChannelRoute(deps()), { key: adminKey, body: channel("creds", url) });
      expect(answer).toMatchObject({ status: 400, json: { fields: { url: [expect.stringMatching(/^Leave credentials out of the URL/)] } } });
    }
    const gopher = await call(createChannelRoute(deps()), { key: adminKey, body: { name: "g", type: "slack", url: "gopher://127.0.0.1:6379/_" } });
    expect(gopher.status).toBe(400);
  });

  it("accepts a listed loopback receiver, and a public host", async () => {
    allowLoopbackReceivers();
    try {
      expect((await call(createChannelRoute(deps()), { key: adminKey, body: channel("allowed", `http://127.0.0.1:${port()}/hook`) })).status).toBe(201);
    } finally {
      refuseLoopbackReceivers();
    }
    expect((await call(createChannelRoute(deps()), { key: adminKey, body: channel("public", "https://93.184.215.14/hook") })).status).toBe(201);
  });
});

describe("a key with the admin permission limited to one model", () => {
  it("cannot create a channel, nor attach one to a monitor; it may still manage its model's monitors without them", async () => {
    const scoped = await createKey(t.db, ["admin", "read"], ["spam-filter"]);
    const created = await call(createChannelRoute(deps()), { key: scoped, body: channel("scoped", "https://93.184.215.14/scoped") });
    expect(created).toMatchObject({ status: 403, json: { error: "forbidden", message: expect.stringMatching(/limited to some models/) } });

    const [admins] = await t.db.select({ id: notificationChannels.id }).from(notificationChannels).where(eq(notificationChannels.name, "public"));
    const definition = { model: "spam-filter", name: "scoped monitor", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 5, channels: [] as string[] };
    expect((await call(createMonitorRoute(deps()), { key: scoped, body: { ...definition, name: "with a channel", channels: [admins!.id] } })).status).toBe(403);
    const monitor = await call(createMonitorRoute(deps()), { key: scoped, body: definition });
    expect(monitor.status).toBe(201);
    const id = monitor.json!.id as string;
    const update = (key: string, channels: string[]) => call((r) => updateMonitorRoute(deps())(r, { params: Promise.resolve({ id }) }), { key, method: "PUT", body: { ...definition, channels } });
    expect((await update(scoped, [admins!.id])).status).toBe(403);
    // An unrestricted admin key attaches it; the scoped key may then edit the monitor, keeping or dropping it.
    expect((await update(adminKey, [admins!.id])).status).toBe(200);
    expect((await update(scoped, [admins!.id])).status).toBe(200);
    expect((await update(scoped, [])).status).toBe(200);
  });
});

describe("calling a stored channel", () => {
  it("refuses again at connect time a URL that was allowed when saved, and the receiver hears nothing", async () => {
    const admin = await actingAs(t.db, "admin");
    allowLoopbackReceivers();
    const { id } = await createChannel(admin, channel("was-allowed", `http://localhost:${port()}/hook`));
    // The operator takes loopback off the list (or the name now resolves elsewhere): the next call is refused.
    refuseLoopbackReceivers();
    receiver.received.length = 0;
    const result = await testChannel(admin, id);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^could not deliver \(delivery log entry [0-9a-f]{8}\)$/) });
    expect(receiver.received).toHaveLength(0);
    const [attempt] = await t.db.select().from(notificationAttempts).where(eq(notificationAttempts.deliveryId, result.deliveryId));
    expect(attempt!.error).toMatch(/^refused: Vigil does not call localhost \((127\.0\.0\.1|::1), a loopback address\)/);
  });

  it("says the same words whether the address is refused, the port is closed, the name does not resolve or the receiver answers an error", async () => {
    const admin = await actingAs(t.db, "admin");
    allowLoopbackReceivers();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const targets = {
      "error answer": `http://127.0.0.1:${port()}/fails`,
      "closed port": `http://127.0.0.1:${closedPort}/`,
      "unknown name": "http://no-such-host.invalid/hook",
      "refused address": `http://127.0.0.2:${port()}/hook`,
    };
    const messages: Record<string, string> = {};
    const details: Record<string, string | null> = {};
    for (const [what, url] of Object.entries(targets)) {
      const { id } = what === "refused address" ? await storeDirectly(what, url) : await createChannel(admin, { name: what, type: "slack", url });
      receiver.answer(500);
      const result = await testChannel(admin, id);
      receiver.answer(200);
      expect(result.ok).toBe(false);
      messages[what] = result.ok ? "" : result.message.replace(result.deliveryId.slice(0, 8), "<entry>");
      details[what] = (await t.db.select().from(notificationAttempts).where(eq(notificationAttempts.deliveryId, result.deliveryId)))[0]!.error;
    }
    refuseLoopbackReceivers();
    expect(new Set(Object.values(messages))).toEqual(new Set(["could not deliver (delivery log entry <entry>)"]));
    // The delivery log (admins only) keeps what happened.
    expect(details).toEqual({
      "error answer": "answered 500 Internal Server Error",
      "closed port": "could not connect: ECONNREFUSED",
      "unknown name": expect.stringMatching(/^could not connect: (ENOTFOUND|EAI_AGAIN)$/),
      "refused address": "refused: Vigil does not call 127.0.0.2, a loopback address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW",
    });
  });
});
