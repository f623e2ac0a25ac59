/**
 * The operator service's one secret: when PODPIPE_OPERATOR_TOKEN is set, the dashboard, the API, Bull Board and the
 * metrics need it — as `Authorization: Bearer <token>`, or as the password of HTTP Basic auth so a browser can
 * log in (any user name). Health probes and published files stay open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The secret the request presents, from a Bearer or Basic Authorization header. */
function presented(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return undefined;
  if (/^bearer$/i.test(scheme!)) return value;
  if (/^basic$/i.test(scheme!)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** Express middleware refusing requests without the token (compared in constant time). */
export function requireOperatorToken(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = presented(req.headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="podpipe", charset="UTF-8"');
    res.status(401).json({ error: 'authentication required: Authorization: Bearer <PODPIPE_OPERATOR_TOKEN>' });
  };
}
