/**
 * Outbound requests to addresses users give us (webhooks) must not reach this machine or its private network
 * (Redis, Postgres, cloud metadata at 169.254.169.254): the host is resolved and every address must be public
 * unicast. Delivery connects through the same check (a `lookup` hook), so a DNS answer that changes between the
 * subscription and the delivery (rebinding) is caught where it counts.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

/** Why an address may not be contacted (its ipaddr.js range: loopback, private, linkLocal…), or undefined when it may. */
export function blockedRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? undefined : range;
}

/** Throws unless `address` is public unicast (or private ones are allowed). */
export function assertPublicAddress(address: string, host: string, allowPrivate: boolean): void {
  const range = blockedRange(address);
  if (range && !allowPrivate) {
    throw new BlockedAddressError(`${host} resolves to ${address} (${range}); webhooks may only reach public addresses (PODPIPE_WEBHOOK_ALLOW_PRIVATE=1 allows others)`);
  }
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Resolves a URL's host and checks every address; returns them. IP literals are checked as they are. */
export async function checkTargetUrl(url: URL, allowPrivate: boolean): Promise<string[]> {
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  for (const a of addresses) assertPublicAddress(a, host, allowPrivate);
  return addresses;
}

/** A `lookup` for http.request that refuses, at connect time, any address that is not public. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      try {
        for (const a of list) assertPublicAddress(a.address, hostname, allowPrivate);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, '', 4);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
