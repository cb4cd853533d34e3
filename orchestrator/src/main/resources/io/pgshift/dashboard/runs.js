// The runs list: every target's runs, newest first, with live progress; filters and paging live
// in the page's address (#/runs?state=…&offset=…) so a view can be bookmarked (never the token).
import { call, query } from './api.js';
import { badge, h, number, options, pager, progressBar, rate, replace, seconds, table, time } from './dom.js';

const PAGE = 50;
const HELD = 'held before contract: deploy the application version that writes the new columns, then complete';
const STATES = ['PENDING', 'AWAITING_APPROVAL', 'EXPANDING', 'BACKFILLING', 'VERIFYING', 'AWAITING_CONTRACT',
  'CONTRACTING', 'SUCCEEDED', 'PAUSED', 'FAILED', 'CANCELLED', 'ROLLING_BACK', 'ROLLED_BACK'];
const ACTIVE = 'PENDING,AWAITING_APPROVAL,EXPANDING,BACKFILLING,VERIFYING,AWAITING_CONTRACT,CONTRACTING,PAUSED,FAILED,'
  + 'ROLLING_BACK';

export function runsView(params, ctx) {
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  const filter = { target: params.get('target') || '', state: params.get('state') || '',
    playbook: params.get('playbook') || '' };
  const go = changes => ctx.navigate('/runs', { ...filter, offset: 0, ...changes });

  const playbook = h('input', { id: 'runs-playbook', type: 'search', placeholder: 'playbook name', value: filter.playbook });
  const bar = h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); go({ playbook: playbook.value.trim() }); } },
    h('label', {}, 'Target ', h('select', { id: 'runs-target', onchange: e => go({ target: e.target.value }) },
      options([['', 'all targets'], ...ctx.targets], filter.target))),
    h('label', {}, 'State ', h('select', { id: 'runs-state', onchange: e => go({ state: e.target.value }) },
      options([['', 'any state'], [ACTIVE, 'not finished'], ...STATES], filter.state))),
    h('label', {}, 'Playbook ', playbook),
    h('button', { type: 'submit', class: 'secondary' }, 'Filter'));
  const body = h('div', { class: 'card' });
  const el = h('section', { id: 'runs-view' }, h('h1', {}, 'Runs'), bar, body);

  async function refresh() {
    const page = await call('GET', '/api/v1/runs' + query({ ...filter, limit: PAGE, offset }));
    replace(body, table('runs-table',
      ['Run', 'Target', 'Playbook', 'State', 'Phase', 'Progress', 'Rows/s', 'ETA', 'Waiting because', 'Updated'],
      page.runs.map(row), 'No runs match.'),
    pager(offset, PAGE, page.runs.length, o => ctx.navigate('/runs', { ...filter, offset: o })));
  }

  return { el, refresh, poll: true };
}

/** Rows of a backfill, or the scan of a running index build, or the step. */
function progress(p) {
  const build = p.index_build;
  if (build && typeof build.percent === 'number') {
    return progressBar(build.percent, 100, build.percent.toFixed(0) + ' % · ' + build.phase);
  }
  return progressBar(p.rows_done, p.rows_estimated,
    typeof p.rows_estimated === 'number' && p.rows_estimated > 0
      ? number(p.rows_done) + ' / ' + number(p.rows_estimated) : (build && build.summary) || p.step || '—');
}

function row(run) {
  const p = run.progress || {};
  const href = '#/runs/' + encodeURIComponent(run.target) + '/' + run.id;
  const why = p.waiting_reason || run.error || (run.state === 'AWAITING_CONTRACT' ? HELD : '');
  return h('tr', { 'data-run': run.target + '/' + run.id },
    h('td', {}, h('a', { href, class: 'run-link' }, '#' + run.id)),
    h('td', {}, run.target),
    h('td', { title: run.description || '' }, h('a', { href }, run.playbook)),
    h('td', { class: 'state' }, badge(run.state)),
    h('td', {}, run.phase ? run.phase.toLowerCase() : '—'),
    h('td', { class: 'progress-cell' }, progress(p)),
    h('td', { class: 'num' }, rate(p.rows_per_second)),
    h('td', { class: 'num' }, seconds(p.eta_seconds)),
    h('td', { class: 'why' + (run.error ? ' bad' : '') }, why),
    h('td', {}, time(run.updated_at)));
}
