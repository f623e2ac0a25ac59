/**
 * Request guards for the operator service's state-changing endpoints: JSON bodies only (a browser posts
 * text/plain or a form cross-site without a preflight; it cannot post JSON so), and a same-origin check on
 * Origin / Sec-Fetch-Site. Together they shut out CSRF from any page the operator happens to visit.
 */
import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request comes from a page of another site, by the headers browsers set and pages cannot forge. */
export function isCrossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.get('origin');
  if (!origin) return false; // not a browser, or a same-origin GET-turned-POST from an old browser: the JSON rule still holds
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true; // `Origin: null` (sandboxed frames, file:) and garbage
  }
}

/** Refuses cross-site state changes (403) and, unless `jsonOnly` is false, bodies that are not JSON (415). */
export function stateChangeGuard(opts: { jsonOnly: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isCrossSite(req)) return void res.status(403).json({ error: 'cross-site request refused' });
    if (opts.jsonOnly && !req.is('application/json')) {
      return void res.status(415).json({ error: 'state-changing requests take Content-Type: application/json' });
    }
    next();
  };
}

/** Loopback addresses the service may bind without a token: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
