import { BlockList, isIP } from "node:net";

// The address ranges an outbound request (webhook, Slack, SMTP, a provider's base URL) must never reach: whoever
// can set such a URL could otherwise make the server call its own admin ports, the cloud metadata service
// (169.254.169.254 hands out credentials) or other machines behind the firewall. node:net's BlockList matches
// CIDRs of both families, and matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 rules, so
// the mapped form cannot smuggle a private address past the check.

type Range = [address: string, prefix: number];

/** Most specific first: the first class that matches names the address in the refusal. */
const FORBIDDEN: [label: string, family: "ipv4" | "ipv6", ranges: Range[]][] = [
  ["cloud metadata service", "ipv4", [["169.254.169.254", 32]]],
  ["broadcast", "ipv4", [["255.255.255.255", 32]]],
  ["loopback", "ipv4", [["127.0.0.0", 8]]],
  ["loopback", "ipv6", [["::1", 128]]],
  ["unspecified", "ipv6", [["::", 128]]],
  ["this network", "ipv4", [["0.0.0.0", 8]]],
  ["private network", "ipv4", [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16]]],
  ["private network", "ipv6", [["fc00::", 7]]],
  ["carrier-grade NAT", "ipv4", [["100.64.0.0", 10]]],
  ["link-local", "ipv4", [["169.254.0.0", 16]]],
  ["link-local", "ipv6", [["fe80::", 10]]],
  ["IETF protocol assignments", "ipv4", [["192.0.0.0", 24]]],
  ["benchmarking", "ipv4", [["198.18.0.0", 15]]],
  ["multicast", "ipv4", [["224.0.0.0", 4]]],
  ["multicast", "ipv6", [["ff00::", 8]]],
  ["reserved", "ipv4", [["240.0.0.0", 4]]],
  // IPv4-compatible addresses (::a.b.c.d), deprecated since 2006: nothing public lives there.
  ["reserved", "ipv6", [["::", 96]]],
];

const CLASSES: { label: string; list: BlockList }[] = FORBIDDEN.map(([label, family, ranges]) => {
  const list = new BlockList();
  for (const [address, prefix] of ranges) list.addSubnet(address, prefix, family);
  return { label, list };
});

/**
 * Why an outbound connection to this IP address is refused ("loopback", "private network", …), or null when it is
 * a public address. Anything that is not an IP address at all is refused too.
 */
export function forbiddenAddressClass(address: string): string | null {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  const family = isIP(bare);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  return CLASSES.find(({ list }) => list.check(bare, type))?.label ?? null;
}
