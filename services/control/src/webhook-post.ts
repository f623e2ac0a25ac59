/**
 * The one outbound HTTP request of a webhook delivery: a POST through the address guard (see net-guard.ts), no
 * redirects followed (a 3xx is an answer like any other non-2xx), a hard timeout, the response body discarded.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { assertPublicAddress, guardedLookup } from '@podpipe/shared/net-guard';

export class DeliveryTimeoutError extends Error {}

/** POSTs `body` to `url` and resolves with the response status. */
export function postGuarded(url: URL, headers: Record<string, string>, body: string, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<number> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never reaches `lookup`: it is checked here.
  if (isIP(host)) assertPublicAddress(host, host, opts.allowPrivate);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(opts.allowPrivate), timeout: opts.timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(() => req.destroy(new DeliveryTimeoutError(`no answer within ${opts.timeoutMs / 1000} s`)), opts.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new DeliveryTimeoutError(`no answer within ${opts.timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
