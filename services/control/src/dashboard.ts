import type { Episode } from '@podpipe/shared/db/schema';

export interface QueueCounts {
  stage: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  workers: number;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface WebhookSummary {
  url: string;
  show: string | null;
  events: string[];
  delivered: number;
  pending: number;
  failed: number;
}

/** The operator's page: queue depths, recent episodes with their errors, webhook subscriptions. Pure: data in, HTML out. */
export function dashboardHtml(queues: QueueCounts[], episodes: Episode[], webhooks: WebhookSummary[] = []): string {
  const webhookRows = webhooks
    .map((w) => `<tr class="${w.failed ? 'failed' : ''}"><td>${escapeHtml(w.url)}</td><td>${escapeHtml(w.show ?? 'all shows')}</td><td>${escapeHtml(w.events.join(', '))}</td><td>${w.delivered}</td><td>${w.pending}</td><td>${w.failed}</td></tr>`)
    .join('');
  const queueRows = queues
    .map((q) => `<tr><td>${escapeHtml(q.stage)}</td><td>${q.workers}</td><td>${q.waiting}</td><td>${q.active}</td><td>${q.delayed}</td><td>${q.failed}</td><td>${q.completed}</td></tr>`)
    .join('');
  const episodeRows = episodes
    .map(
      (e) =>
        `<tr class="${e.status}"><td><a href="api/episodes/${e.id}">${escapeHtml(e.title ?? '(untitled)')}</a><br><small>${e.id}</small></td>` +
        `<td>${e.status}</td><td>${escapeHtml(e.stage ?? '')}</td><td>${e.generation}</td>` +
        `<td>${new Date(e.updated_at).toISOString().replace('T', ' ').slice(0, 19)}</td>` +
        `<td class="error">${escapeHtml(e.error ?? '')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>podpipe</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
tr.failed{background:#fde8e8}tr.done{background:#eefbea}.error{color:#a00;max-width:40em}</style></head><body>
<h1>podpipe</h1><p><a href="queues">Bull Board</a> · <a href="api/episodes">API</a></p>
<h2>Queues</h2><table><tr><th>queue</th><th>workers</th><th>waiting</th><th>active</th><th>delayed</th><th>failed</th><th>completed</th></tr>${queueRows}</table>
<h2>Episodes</h2><table><tr><th>episode</th><th>status</th><th>stage</th><th>gen</th><th>updated (UTC)</th><th>error</th></tr>${episodeRows || '<tr><td colspan="6">no episodes yet</td></tr>'}</table>
<h2>Webhooks</h2><table><tr><th>url</th><th>show</th><th>events</th><th>delivered</th><th>pending</th><th>failed</th></tr>${webhookRows || '<tr><td colspan="6">no subscriptions (podpipe webhook add URL)</td></tr>'}</table>
</body></html>`;
}
