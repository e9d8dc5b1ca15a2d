import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { advertisedUrls, type NetworkInterfaces } from "../../src/direct/endpoint.js";

// What `letta-tui listen --host` tells runtimes to dial: never the wildcard it bound to.

function nic(address: string, family: "IPv4" | "IPv6", internal = false): NetworkInterfaceInfo {
  const base = { address, netmask: "", mac: "00:00:00:00:00:00", internal, cidr: null };
  return family === "IPv4" ? { ...base, family } : { ...base, family, scopeid: 0 };
}

const LAPTOP: NetworkInterfaces = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  eth0: [nic("fe80::1", "IPv6"), nic("2001:db8::5", "IPv6"), nic("192.168.1.20", "IPv4")],
  wlan0: [nic("10.0.0.7", "IPv4")],
};

describe("advertisedUrls", () => {
  it("a named host is printed as given", () => {
    expect(advertisedUrls("127.0.0.1", 8284, LAPTOP)).toEqual({ url: "http://127.0.0.1:8284", others: [] });
    expect(advertisedUrls("192.168.1.20", 9000, LAPTOP)).toEqual({ url: "http://192.168.1.20:9000", others: [] });
    expect(advertisedUrls("::1", 8284, LAPTOP)).toEqual({ url: "http://[::1]:8284", others: [] });
  });

  it("0.0.0.0 names the first non-internal IPv4 address and lists the other IPv4 ones", () => {
    expect(advertisedUrls("0.0.0.0", 8284, LAPTOP)).toEqual({ url: "http://192.168.1.20:8284", others: ["http://10.0.0.7:8284"] });
  });

  it(":: prefers IPv4 too, then offers global IPv6 but never link-local", () => {
    expect(advertisedUrls("::", 8284, LAPTOP)).toEqual({
      url: "http://192.168.1.20:8284",
      others: ["http://10.0.0.7:8284", "http://[2001:db8::5]:8284"],
    });
  });

  it("without any network only loopback is left", () => {
    const offline: NetworkInterfaces = { lo: [nic("127.0.0.1", "IPv4", true)], eth0: undefined };
    expect(advertisedUrls("0.0.0.0", 8284, offline)).toEqual({ url: "http://127.0.0.1:8284", others: [] });
    expect(advertisedUrls("::", 8284, {})).toEqual({ url: "http://127.0.0.1:8284", others: [] });
  });
});
