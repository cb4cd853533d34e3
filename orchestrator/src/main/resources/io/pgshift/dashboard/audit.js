// The audit log of one target: filter by run, actor, action and time, page through it, and walk
// its hash chain. Not polled: rows keep their place while being read (Refresh reloads).
import { call, query } from './api.js';
import { h, number, options, pager, replace, table, time } from './dom.js';

const PAGE = 100;
const ACTIONS = ['SUBMITTED', 'APPROVAL_REQUESTED', 'APPROVED', 'STARTED', 'STATEMENT_EXECUTED', 'STATEMENT_SKIPPED',
  'STATEMENT_RETRIED', 'STATEMENT_FAILED', 'PHASE_STARTED', 'PHASE_DONE', 'GATE_PASSED', 'GATE_FAILED', 'THROTTLED',
  'PAUSED', 'RESUMED', 'RETRIED', 'CANCELLED', 'ROLLBACK_STARTED', 'ROLLED_BACK', 'KNOB_CHANGED', 'LEASE_TAKEN_OVER',
  'FAILED', 'SUCCEEDED', 'AWAITING_APPROVAL', 'HOOK_FAILED', 'BACKUP_TAKEN', 'BASELINE_RECORDED', 'PREFLIGHT_CHECKED',
  'WAITING_FOR_WINDOW', 'AWAITING_CONTRACT', 'HOLD_RELEASED', 'SYNC_TRIGGER_RETAINED', 'SYNC_TRIGGER_DROPPED',
  'WAITING_FOR_DATABASE', 'POLICY_CHANGED', 'BREAK_GLASS', 'CHECKSUM_ACCEPTED', 'RESTORE',
  'STEPS_LOST'];

export function auditView(params, ctx) {
  const target = params.get('target') || ctx.targets[0] || '';
  const filter = { target, run: params.get('run') || '', actor: params.get('actor') || '',
    action: params.get('action') || '', since: params.get('since') || '' };
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);

  const inputs = {
    target: h('select', { id: 'audit-target' }, options(ctx.targets, target)),
    run: h('input', { id: 'audit-run', type: 'number', min: 1, placeholder: 'any', value: filter.run }),
    actor: h('input', { id: 'audit-actor', type: 'search', placeholder: 'any', value: filter.actor }),
    action: h('select', { id: 'audit-action' }, options([['', 'any action'], ...ACTIONS], filter.action)),
    since: h('input', { id: 'audit-since', type: 'datetime-local', step: 1, value: toLocalInput(filter.since) }),
  };
  const form = h('form', { class: 'filters', onsubmit: e => {
    e.preventDefault();
    const since = inputs.since.value ? new Date(inputs.since.value).toISOString() : '';
    ctx.navigate('/audit', { target: inputs.target.value, run: inputs.run.value.trim(), actor: inputs.actor.value.trim(),
      action: inputs.action.value, since, offset: 0 });
  } },
  h('label', {}, 'Target ', inputs.target), h('label', {}, 'Run ', inputs.run), h('label', {}, 'Actor ', inputs.actor),
  h('label', {}, 'Action ', inputs.action), h('label', {}, 'Since ', inputs.since),
  h('button', { id: 'audit-apply', type: 'submit' }, 'Filter'),
  h('button', { type: 'button', class: 'secondary', onclick: () => ctx.refreshNow() }, 'Refresh'),
  h('button', { id: 'audit-verify', type: 'button', class: 'secondary', onclick: verify }, 'Verify chain'));
  const verdict = h('div', { id: 'audit-verdict', class: 'message', role: 'status' });
  const body = h('div', { class: 'card' });
  const el = h('section', { id: 'audit-view' }, h('h1', {}, 'Audit log'), form, verdict, body);

  async function refresh() {
    if (!target) {
      replace(body, h('p', { class: 'muted' }, 'The daemon has no targets.'));
      return;
    }
    const page = await call('GET', '/api/v1/targets/' + encodeURIComponent(target) + '/audit'
      + query({ run: filter.run, actor: filter.actor, action: filter.action, since: filter.since, limit: PAGE, offset }));
    replace(body, table('audit-table', ['#', 'At', 'Actor', 'Action', 'Run', 'Details', 'Hash'],
      page.entries.map(e => row(target, e)), 'No entries match.'),
    pager(offset, PAGE, page.entries.length, o => ctx.navigate('/audit', { ...filter, offset: o })));
  }

  async function verify() {
    verdict.className = 'message';
    verdict.textContent = 'Walking the hash chain of ' + target + '…';
    try {
      // a job on the daemon: asked for, then polled until it ends
      let job = await call('GET', '/api/v1/targets/' + encodeURIComponent(target) + '/audit/verify');
      while (job.state === 'RUNNING') {
        await new Promise(resolve => setTimeout(resolve, 300));
        job = await call('GET', job.location);
      }
      if (job.state === 'FAILED') {
        throw new Error(job.error && job.error.error ? job.error.error : 'the verification failed');
      }
      const v = job.result;
      verdict.className = 'message ' + (v.ok ? 'ok' : 'bad');
      verdict.textContent = v.ok
        ? 'Chain intact: ' + number(v.checked_rows) + ' rows checked; head hash ' + v.head_hash
          + ' (keep it elsewhere to detect rows deleted at the end).'
        : 'Chain BROKEN at row ' + v.first_bad_id + ': ' + v.reason + ' (' + number(v.checked_rows) + ' rows checked).';
    } catch (e) {
      verdict.className = 'message bad';
      verdict.textContent = 'Verify refused: ' + e;
    }
  }

  return { el, refresh, poll: false };
}

function row(target, e) {
  const details = JSON.stringify(e.details);
  return h('tr', { 'data-audit': e.id },
    h('td', { class: 'num' }, e.id), h('td', {}, time(e.at)), h('td', { class: 'actor' }, e.actor),
    h('td', { class: 'action' }, h('code', {}, e.action)),
    h('td', {}, e.run_id ? h('a', { href: '#/runs/' + encodeURIComponent(target) + '/' + e.run_id }, '#' + e.run_id) : '—'),
    h('td', { class: 'details' }, details && details.length > 120
      ? h('details', {}, h('summary', {}, details.slice(0, 120) + '…'), h('pre', {}, JSON.stringify(e.details, null, 2)))
      : details),
    h('td', {}, h('code', { title: e.hash }, (e.hash || '').slice(0, 10))));
}

/** An ISO instant as the value of a datetime-local input (local time). */
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = n => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':'
    + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
