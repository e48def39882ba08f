import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forbiddenAddressClass } from "@/lib/net/addresses";

const octet = fc.integer({ min: 0, max: 255 });
/** a.b.c.d with the first octets fixed (a prefix) and the rest generated. */
const ipv4In = (...prefix: number[]) => fc.tuple(...Array.from({ length: 4 - prefix.length }, () => octet)).map((rest) => [...prefix, ...rest].join("."));
const hextet = fc.integer({ min: 0, max: 0xffff }).map((value) => value.toString(16));

describe("forbiddenAddressClass", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["0.0.0.0", "this network"],
    ["::", "unspecified"],
    ["10.0.0.5", "private network"],
    ["172.16.0.1", "private network"],
    ["172.31.255.255", "private network"],
    ["192.168.1.1", "private network"],
    ["fd12:3456::1", "private network"],
    ["fc00::1", "private network"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["169.254.169.254", "cloud metadata service"],
    ["169.254.10.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["192.0.0.8", "IETF protocol assignments"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["224.0.0.251", "multicast"],
    ["ff02::1", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::127.0.0.1", "reserved"],
    // IPv4-mapped IPv6, in both spellings: the IPv4 rules apply.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "cloud metadata service"],
    ["::ffff:10.1.2.3", "private network"],
    ["not-an-address", "not an IP address"],
    ["", "not an IP address"],
  ])("refuses %s (%s)", (address, label) => {
    expect(forbiddenAddressClass(address)).toBe(label);
  });

  it.each(["8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "192.0.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8"])(
    "allows the public address %s",
    (address) => {
      expect(forbiddenAddressClass(address)).toBeNull();
    },
  );

  it("refuses every address of the private, loopback and link-local ranges", () => {
    const forbidden = fc.oneof(
      ipv4In(10),
      ipv4In(127),
      ipv4In(192, 168),
      ipv4In(169, 254),
      fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`),
      fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => `100.${b}.${c}.${d}`),
      fc.tuple(fc.integer({ min: 224, max: 255 }), octet, octet, octet).map((parts) => parts.join(".")),
      fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), hextet, hextet).map(([a, b, c]) => `${a.toString(16)}:${b}::${c}`),
      fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), hextet).map(([a, b]) => `${a.toString(16)}::${b}`),
    );
    fc.assert(
      fc.property(forbidden, fc.boolean(), (address, mapped) => {
        // Any IPv4 address is refused in its IPv4-mapped IPv6 form too.
        const spelled = mapped && !address.includes(":") ? `::ffff:${address}` : address;
        expect(forbiddenAddressClass(spelled)).not.toBeNull();
      }),
    );
  });

  it("allows every address of a few public ranges", () => {
    const allowed = fc.oneof(
      ipv4In(8),
      ipv4In(1, 1),
      ipv4In(93, 184),
      fc.tuple(fc.integer({ min: 11, max: 99 }), octet, octet, octet).map((parts) => parts.join(".")),
      fc.tuple(fc.integer({ min: 0x2000, max: 0x2fff }), hextet, hextet).map(([a, b, c]) => `${a.toString(16)}:${b}::${c}`),
    );
    fc.assert(
      fc.property(allowed, (address) => {
        expect(forbiddenAddressClass(address)).toBeNull();
      }),
    );
  });
});
