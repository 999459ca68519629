import { describe, expect, it } from "vitest";
import { EMPTY_ALLOW_LIST, parseAllowList } from "@/lib/env-parsers/allow-list";
import { addressRefusal, checkUrlShape, refusalReason } from "./address-policy";

/** What the outbound policy says of a URL before any resolver: refused (with why) or let through. */
function verdict(url: string, allow = EMPTY_ALLOW_LIST): string {
  const checked = checkUrlShape(url);
  if (!checked.ok) return `refused: ${checked.problem}`;
  if (!checked.shape.isAddress) return "a name: resolve, then check each address";
  const refusal = addressRefusal(checked.shape.hostName, allow);
  return refusal ? `refused: ${refusalReason(checked.shape.hostName, refusal)}` : "allowed";
}

// Every spelling of a non-public address the issue names, and then some: each is what a socket would reach.
const REFUSED: [string, string][] = [
  ["http://127.0.0.1:54329/", "127.0.0.1, a loopback address"],
  ["http://2130706433/", "127.0.0.1, a loopback address"],
  ["http://017700000001/", "127.0.0.1, a loopback address"],
  ["http://0x7f000001/", "127.0.0.1, a loopback address"],
  ["http://0x7f.1/", "127.0.0.1, a loopback address"],
  ["http://127.1/", "127.0.0.1, a loopback address"],
  ["http://0177.0.0.1/", "127.0.0.1, a loopback address"],
  ["http://127.0.0.1./", "127.0.0.1, a loopback address"],
  ["http://%31%32%37.0.0.1/", "127.0.0.1, a loopback address"],
  ["http://[::1]:8080/", "::1, a loopback address"],
  ["http://[0:0:0:0:0:0:0:1]/", "::1, a loopback address"],
  ["http://[::ffff:127.0.0.1]/", "127.0.0.1, a loopback address"],
  ["http://[::ffff:7f00:1]/", "127.0.0.1, a loopback address"],
  ["http://[::ffff:169.254.169.254]/", "169.254.169.254, a link-local address"],
  ["http://0.0.0.0/", "0.0.0.0, the unspecified address"],
  ["http://0/", "0.0.0.0, the unspecified address"],
  ["http://[::]/", "::, the unspecified address"],
  ["http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"],
  ["http://[fe80::1]/", "fe80::1, a link-local address"],
  ["http://10.0.0.1/", "10.0.0.1, a private address"],
  ["http://172.16.5.4/", "172.16.5.4, a private address"],
  ["http://192.168.1.1/", "192.168.1.1, a private address"],
  ["http://100.64.0.1/", "100.64.0.1, a shared (carrier-grade NAT) address"],
  ["http://[fd12:3456::1]/", "fd12:3456::1, a unique-local address"],
  ["http://224.0.0.1/", "224.0.0.1, a multicast address"],
  ["http://[ff02::1]/", "ff02::1, a multicast address"],
  ["http://255.255.255.255/", "255.255.255.255, the broadcast address"],
  ["http://192.0.2.10/", "192.0.2.10, a reserved address"],
  ["http://240.0.0.1/", "240.0.0.1, a reserved address"],
  // IPv6 forms that carry an IPv4 address, or lie outside the routed 2000::/3.
  ["http://[::7f00:1]/", "::7f00:1, not a public address"],
  ["http://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1, not a public address"],
  ["http://[2002:7f00:1::]/", "2002:7f00:1::, not a public address"],
];

describe("the outbound policy on addresses written into a URL", () => {
  it.each(REFUSED)("refuses %s", (url, what) => {
    expect(verdict(url)).toBe(`refused: Vigil does not call ${what}; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW`);
  });

  it("lets public addresses through, and leaves names to the resolver", () => {
    expect(verdict("https://93.184.215.14/hook")).toBe("allowed");
    expect(verdict("https://[2606:4700:4700::1111]/hook")).toBe("allowed");
    expect(verdict("https://hooks.slack.com/services/T0/B0/x")).toBe("a name: resolve, then check each address");
    expect(verdict("http://localhost:54329/")).toBe("a name: resolve, then check each address");
  });

  it("refuses credentials in the URL and every scheme but http and https", () => {
    expect(verdict("http://user:pass@hooks.example.com/")).toMatch(/^refused: Leave credentials out of the URL/);
    expect(verdict("https://token@hooks.example.com/")).toMatch(/^refused: Leave credentials out of the URL/);
    for (const url of ["ftp://files.example.com/", "file:///etc/passwd", "gopher://127.0.0.1:6379/_", "javascript:alert(1)", "dict://127.0.0.1:11211/"]) {
      expect(verdict(url)).toBe("refused: The URL must start with http:// or https://");
    }
    expect(verdict("not a url")).toMatch(/^refused: Enter a full URL/);
  });
});

describe("VIGIL_OUTBOUND_ALLOW", () => {
  it("allows listed addresses and networks in any spelling, and nothing next to them", () => {
    const { list, problems } = parseAllowList(" 127.0.0.1 , 10.20.0.0/16, fd00::/8, [::1], ::ffff:192.168.7.0/120, hooks.internal ");
    expect(problems).toEqual([]);
    expect(verdict("http://127.0.0.1:9000/", list)).toBe("allowed");
    expect(verdict("http://2130706433/", list)).toBe("allowed");
    expect(verdict("http://[::ffff:127.0.0.1]/", list)).toBe("allowed");
    expect(verdict("http://127.0.0.2/", list)).toMatch(/^refused: Vigil does not call 127\.0\.0\.2/);
    expect(verdict("http://10.20.255.1/", list)).toBe("allowed");
    expect(verdict("http://10.21.0.1/", list)).toMatch(/^refused/);
    expect(verdict("http://[fd00::5]/", list)).toBe("allowed");
    expect(verdict("http://[::1]/", list)).toBe("allowed");
    expect(verdict("http://192.168.7.9/", list)).toBe("allowed");
    expect(verdict("http://192.168.8.9/", list)).toMatch(/^refused/);
    expect([...list.names]).toEqual(["hooks.internal"]);
  });

  it("names every entry it cannot read", () => {
    expect(parseAllowList("10.0.0.0/33, exa mple.com, ,1.2.3.4").problems).toEqual([
      '"10.0.0.0/33" is not a network (write it as 10.0.0.0/8 or fd00::/8)',
      '"exa mple.com" is neither a host name, an address nor a network',
    ]);
    expect(parseAllowList("").list).toMatchObject({ networks: [], text: "" });
  });
});
