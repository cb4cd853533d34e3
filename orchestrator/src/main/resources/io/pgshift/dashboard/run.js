// One run: its state and progress, the operator's and approver's actions, a rows/s chart from
// samples taken while the page is open, its phases as a timeline of steps (SQL, duration,
// retries), its backfills' partitions and the gate's counts; a run held before contract, and its
// sync triggers with the evidence complete and cleanup go by.
import { call, runPath } from './api.js';
import { Samples, drawChart } from './chart.js';
import { badge, h, millis, number, progressBar, rate, replace, seconds, table, time } from './dom.js';
import { FORCING, droppedText, hasLiveTrigger, renderHoldBanner, renderSyncTriggers } from './sync.js';

const PHASES = [
  { state: 'EXPANDING', steps: 'expand', title: 'Expand' },
  { state: 'BACKFILLING', steps: 'backfill', title: 'Backfill' },
  { state: 'VERIFYING', steps: 'gate', title: 'Verify (gate)' },
  { state: 'CONTRACTING', steps: 'contract', title: 'Contract' },
];
const WORKING = ['EXPANDING', 'BACKFILLING', 'VERIFYING', 'CONTRACTING', 'ROLLING_BACK'];
// a run held before contract waits for an operator (no driver runs): it is not working, it cannot
// be paused, it can be cancelled (nothing is tightened yet)
const CANCELLABLE = ['PENDING', 'AWAITING_APPROVAL', 'EXPANDING', 'BACKFILLING', 'VERIFYING', 'AWAITING_CONTRACT',
  'PAUSED', 'FAILED'];
const FINISHED = ['SUCCEEDED', 'CANCELLED', 'ROLLED_BACK'];
/** The ended runs whose retained sync triggers cleanup drops. */
const CLEANABLE = ['SUCCEEDED', 'CANCELLED'];

/** Samples survive leaving and reopening a run while the page stays open. */
const samplesByRun = new Map();

export function runView(target, id, ctx) {
  const path = runPath(target, id);
  const key = target + '/' + id;
  if (!samplesByRun.has(key)) {
    samplesByRun.set(key, new Samples());
  }
  const samples = samplesByRun.get(key);
  const openSql = new Set();
  let last = null;

  const summary = h('div', { class: 'card', id: 'run-summary' });
  const message = h('div', { id: 'action-message', class: 'message', role: 'status' });
  const buttons = {
    pause: h('button', { id: 'action-pause', onclick: () => act('Pause', 'POST', '/pause') }, 'Pause'),
    resume: h('button', { id: 'action-resume', onclick: () => act('Resume', 'POST', '/resume') }, 'Resume'),
    cancel: h('button', { id: 'action-cancel', class: 'danger', onclick: () => {
      if (window.confirm('Cancel run #' + id + '? Nothing it did is undone (see rollback).')) {
        act('Cancel', 'POST', '/cancel');
      }
    } }, 'Cancel'),
    approve: h('button', { id: 'action-approve', onclick: () => act('Approve', 'POST', '/approve') }, 'Approve'),
    complete: h('button', { id: 'action-complete', title: 'Carry the held run on to contract',
      onclick: () => act('Complete', 'POST', '/complete', undefined, 'complete') }, 'Complete'),
    cleanup: h('button', { id: 'action-cleanup', class: 'secondary', title: 'Drop the sync triggers this run kept',
      onclick: () => act('Clean up', 'POST', '/cleanup', undefined, 'cleanup') }, 'Clean up'),
  };
  const force = h('div', { id: 'action-force', class: 'force-offer', hidden: true });
  let forceOffered = null;
  const batchSize = h('input', { id: 'knob-batch-size', type: 'number', min: 1, placeholder: 'rows', size: 8 });
  const pauseMs = h('input', { id: 'knob-pause-ms', type: 'number', min: 0, placeholder: 'ms', size: 6 });
  const knobs = h('form', { class: 'knobs', onsubmit: e => { e.preventDefault(); changeKnobs(); } },
    h('label', {}, 'Batch size ', batchSize), h('label', {}, 'Pause between batches ', pauseMs),
    h('button', { id: 'knob-apply', type: 'submit', class: 'secondary' }, 'Change'));
  const actions = h('div', { class: 'card actions' }, h('h2', {}, 'Actions'),
    h('div', { class: 'buttons' }, Object.values(buttons)), knobs, message, force);
  const canvas = h('canvas', { id: 'rate-chart', width: 600, height: 180 });
  const chart = h('div', { class: 'card' }, h('h2', {}, 'Rows per second ',
    h('span', { class: 'muted' }, '(sampled while this page is open)')), canvas);
  const timeline = h('div', { class: 'card', id: 'run-timeline' });
  const backfills = h('div', { class: 'card', id: 'run-backfills' });
  const hold = h('div', { class: 'card hold', id: 'hold-banner', role: 'status', hidden: true });
  const syncTriggers = h('div', { class: 'card', id: 'sync-triggers', hidden: true });
  const title = h('h1', {}, 'Run #' + id);
  const el = h('section', { id: 'run-view' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, '← Runs'), ' · ',
      h('a', { href: '#/audit?target=' + encodeURIComponent(target) + '&run=' + id }, 'Audit log of this run')),
    title, hold, h('div', { class: 'columns' }, summary, actions), syncTriggers, chart, timeline, backfills);

  /**
   * Calls the API and shows its answer as it is. `forceable` names the action a 409 with
   * sync_triggers may be forced past: the refusal (with the numbers) is shown, and forcing is
   * offered as a separate, confirmed step.
   */
  async function act(label, method, suffix, body, forceable) {
    withdrawForce();
    message.className = 'message';
    message.textContent = label + '…';
    try {
      const answer = await call(method, path + suffix, body);
      message.className = 'message ok';
      message.textContent = label + ': done' + (answer && answer.forced ? ' (forced)' : '') + droppedText(answer)
        + (answer && answer.state ? ', the run is ' + answer.state : '') + '.';
      await refresh();
    } catch (e) {
      message.className = 'message bad';
      message.textContent = label + ' refused: ' + e;
      if (forceable && e.status === 409 && e.body && Array.isArray(e.body.sync_triggers)) {
        offerForce(forceable);
      }
    }
  }

  /** `kind` is the button's key, the path's last segment and the key of its FORCING words. */
  function offerForce(kind) {
    const words = FORCING[kind];
    forceOffered = kind;
    replace(force, h('p', {}, words.offer), h('button', { id: 'action-' + kind + '-force', class: 'danger',
      onclick: () => {
        if (window.confirm(words.confirm(id))) {
          act(words.label, 'POST', '/' + kind, { force: true });
        }
      } }, words.button));
    force.hidden = false;
  }

  function withdrawForce() {
    forceOffered = null;
    force.hidden = true;
    replace(force);
  }

  function changeKnobs() {
    const body = {};
    if (batchSize.value !== '') body.batch_size = Number(batchSize.value);
    if (pauseMs.value !== '') body.pause_ms = Number(pauseMs.value);
    if (!Object.keys(body).length) {
      message.className = 'message bad';
      message.textContent = 'Enter a batch size or a pause to change.';
      return;
    }
    act('Change knobs', 'PATCH', '/backfill', body);
  }

  async function refresh() {
    const run = await call('GET', path);
    last = run;
    const now = Date.now();
    if (WORKING.includes(run.state) && run.progress) {
      samples.add(now, run.progress.rows_per_second);
    }
    title.textContent = 'Run #' + run.id + ' · ' + run.playbook;
    renderHoldBanner(hold, run);
    renderSummary(run);
    renderActions(run);
    renderSyncTriggers(syncTriggers, run);
    drawChart(canvas, samples, now);
    renderTimeline(run);
    renderBackfills(run);
  }

  function renderSummary(run) {
    const p = run.progress || {};
    const build = p.index_build; // a running step's concurrent index build
    replace(summary,
      h('div', { class: 'headline' }, h('span', { id: 'run-state' }, badge(run.state)),
        h('span', { class: 'muted' }, ' on ', h('strong', {}, run.target),
          run.phase ? ' · phase ' + run.phase.toLowerCase() : '')),
      run.description ? h('p', { class: 'description' }, run.description) : null,
      build && typeof build.percent === 'number'
        ? progressBar(build.percent, 100, build.percent.toFixed(0) + ' % · ' + build.phase)
        : progressBar(p.rows_done, p.rows_estimated),
      h('dl', { class: 'facts' },
        fact('Step', p.step || '—'),
        build ? fact('Index build', h('span', { id: 'run-index-build' }, build.summary)) : null,
        fact('Rows', number(p.rows_done) + ' of ' + number(p.rows_estimated)),
        fact('Rate', rate(p.rows_per_second)),
        fact('ETA', seconds(p.eta_seconds)),
        fact('Waiting because', h('span', { id: 'run-waiting' }, p.waiting_reason || '—')),
        run.waiting && run.waiting.until ? fact('Goes on at', time(run.waiting.until)) : null,
        fact('Allowed windows', h('span', { id: 'run-windows' }, windows(run.policy))),
        fact('Submitted', [run.submitted_by || '—', ' · ', time(run.created_at)]),
        fact('Approved by', run.approved_by || '—'),
        fact('Started', time(run.started_at)),
        fact('Finished', time(run.finished_at)),
        fact('Checksum', h('code', { title: run.checksum }, (run.checksum || '').slice(0, 12)))),
      run.error ? h('pre', { class: 'error-text', id: 'run-error' }, run.error) : null);
  }

  /** The target's allowed windows recorded with the run: cron (zone), or "any time". */
  function windows(policy) {
    const list = (policy && policy.allowed_windows) || [];
    return list.length ? list.map(w => w.cron + ' (' + w.time_zone + ')').join(' or ') : 'any time';
  }

  function renderActions(run) {
    buttons.pause.disabled = !WORKING.includes(run.state);
    buttons.resume.disabled = !(run.state === 'PAUSED' || run.state === 'FAILED');
    buttons.cancel.disabled = !CANCELLABLE.includes(run.state);
    buttons.approve.disabled = run.state !== 'AWAITING_APPROVAL';
    buttons.complete.disabled = run.state !== 'AWAITING_CONTRACT';
    buttons.cleanup.disabled = !(CLEANABLE.includes(run.state) && hasLiveTrigger(run));
    if (forceOffered && buttons[forceOffered].disabled) {
      withdrawForce(); // the run moved on: there is nothing left to force
    }
    const unfinished = (run.backfills || []).some(b => b.state !== 'DONE');
    for (const input of knobs.elements) {
      input.disabled = FINISHED.includes(run.state) || !unfinished;
    }
    const partition = (run.backfills || []).flatMap(b => b.partitions || []).find(x => x.batch_size);
    if (partition && document.activeElement !== batchSize) {
      batchSize.placeholder = String(partition.batch_size);
    }
  }

  function renderTimeline(run) {
    // a held run passed its gate and waits before contract (its phase is still VERIFYING)
    const current = run.state === 'AWAITING_CONTRACT' ? PHASES.length - 1
      : PHASES.findIndex(ph => ph.state === run.phase);
    const phases = PHASES.map((phase, i) => {
      const status = run.state === 'SUCCEEDED' || i < current ? 'done'
        : i === current ? (FINISHED.includes(run.state) ? 'stopped' : run.state === phase.state ? 'current' : 'halted')
          : 'pending';
      const steps = (run.steps || []).filter(s => stepPhase(s) === phase.steps);
      return h('li', { class: 'phase ' + status, 'data-phase': phase.state },
        h('div', { class: 'phase-head' }, h('span', { class: 'dot' }), h('strong', {}, phase.title),
          h('span', { class: 'muted' }, ' ' + statusText(status, run))),
        steps.length ? h('ol', { class: 'steps' }, steps.map(step)) : h('p', { class: 'muted' }, 'no steps'),
        phase.state === 'VERIFYING' ? gate(run) : null);
    });
    replace(timeline, h('h2', {}, 'Timeline'), h('ol', { class: 'timeline' }, phases));
  }

  function step(s) {
    const details = h('details', { open: openSql.has(s.ordinal),
      ontoggle: e => (e.target.open ? openSql.add(s.ordinal) : openSql.delete(s.ordinal)) },
    h('summary', {}, 'SQL'), h('pre', { class: 'sql' }, s.sql || '(no SQL)'));
    const retries = Math.max(0, (s.attempts || 0) - 1);
    return h('li', { class: 'step', 'data-step': s.ordinal },
      h('div', { class: 'step-head' },
        h('span', { class: 'ordinal' }, s.ordinal), badge(s.state), h('code', {}, s.kind),
        h('span', { class: 'summary' }, s.summary || s.path || ''),
        s.lock ? h('span', { class: 'lock', title: 'blocks ' + s.lock.blocks + (s.lock.table ? ' on ' + s.lock.table : '') },
          s.lock.mode) : null,
        h('span', { class: 'muted step-stats' }, millis(s.duration_ms),
          ' · ', retries === 1 ? '1 retry' : retries + ' retries',
          typeof s.rows === 'number' ? ' · ' + number(s.rows) + ' rows' : '')),
      details,
      s.error ? h('pre', { class: 'error-text' }, s.error) : null);
  }

  function renderBackfills(run) {
    const list = run.backfills || [];
    replace(backfills, h('h2', {}, 'Backfill partitions'),
      list.length ? list.map(backfill) : h('p', { class: 'muted' }, 'This run has no backfill.'));
  }

  return { el, refresh, poll: true, redraw: () => last && drawChart(canvas, samples, Date.now()) };
}

/** The gate's steps are planned in the contract phase but run as the verify phase: shown there. */
function stepPhase(s) {
  return s.kind === 'GATE' ? 'gate' : s.phase;
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}

function statusText(status, run) {
  switch (status) {
    case 'done': return 'done';
    case 'current': return 'running';
    case 'halted': return run.state.toLowerCase();
    case 'stopped': return run.state.toLowerCase();
    default: return '';
  }
}

function backfill(b) {
  const share = b.partitions && b.partitions.length && b.rows_estimated ? b.rows_estimated / b.partitions.length : null;
  return h('div', { class: 'backfill' },
    h('div', { class: 'headline' }, h('strong', {}, b.name), ' ', badge(b.state),
      h('span', { class: 'muted' }, ' ' + rate(b.rows_per_second) + ' · ETA ' + seconds(b.eta_seconds))),
    progressBar(b.rows_scanned, b.rows_estimated, number(b.rows_scanned) + ' / ' + number(b.rows_estimated) + ' rows'),
    table(null, ['Partition', 'State', 'Node', 'Progress (≈)', 'Scanned', 'Written', 'Batches', 'Batch size',
      'Retries', 'Pace / paused because', 'Last error'],
    (b.partitions || []).map(p => h('tr', {},
      h('td', {}, p.partition), h('td', {}, badge(p.state)), h('td', {}, p.node || '—'),
      h('td', { class: 'progress-cell' }, p.state === 'DONE' ? progressBar(1, 1) : progressBar(p.rows_scanned, share)),
      h('td', { class: 'num' }, number(p.rows_scanned)), h('td', { class: 'num' }, number(p.rows_written)),
      h('td', { class: 'num' }, number(p.batches)), h('td', { class: 'num' }, number(p.batch_size)),
      h('td', { class: 'num' }, number(p.retries)), h('td', { class: 'pace' }, (p.state === 'RUNNING' ? p.pace_reason : p.paused_reason) || ''),
      h('td', { class: 'bad' }, p.last_error || ''))), 'no partitions yet'));
}

/** A table's row count before or after; '≈' marks the planner's estimate of a large table. */
function rowCount(counts, when, t) {
  const estimated = (counts['estimated_' + when] || []).includes(t);
  return (estimated ? '≈ ' : '') + number((counts[when] || {})[t]);
}

/**
 * The gate's counts: each check's violations (a verify step's count, which fails unless it is the expected one)
 * and rows checked (the last complete pass, or the pass in progress).
 */
function gate(run) {
  const report = run.gate_report;
  const counts = run.row_counts;
  const parts = [];
  if (report && report.result && Array.isArray(report.result.checks)) {
    parts.push(h('p', { class: 'muted' }, 'pass ' + report.pass + ', complete'));
    parts.push(table('gate-checks', ['Check', 'Violations', 'Rows checked', 'Sample keys'],
      report.result.checks.map(c => h('tr', { class: c.violations !== (c.expected || 0) ? 'bad' : '' },
        h('td', {}, c.description || c.path), h('td', { class: 'num' }, number(c.violations)),
        h('td', { class: 'num' }, number(c.rowsChecked)), h('td', {}, (c.sampleKeys || []).join(', ')))), 'no checks'));
  } else if (report && report.cursors) {
    parts.push(h('p', { class: 'muted' }, 'pass ' + report.pass + ', in progress'));
    parts.push(table('gate-checks', ['Check', 'Violations', 'Rows checked', 'Done'],
      Object.entries(report.cursors).map(([path, c]) => h('tr', {}, h('td', {}, path),
        h('td', { class: 'num' }, number(c.violations)), h('td', { class: 'num' }, number(c.rowsChecked)),
        h('td', {}, c.done ? 'yes' : 'no'))), 'no checks'));
  } else if (report) {
    parts.push(h('pre', { class: 'sql' }, JSON.stringify(report, null, 2)));
  } else {
    parts.push(h('p', { class: 'muted' }, 'The gate has not run yet.'));
  }
  if (counts && (counts.before || counts.after)) {
    const tables = [...new Set([...Object.keys(counts.before || {}), ...Object.keys(counts.after || {})])];
    parts.push(table('row-counts', ['Table', 'Rows before', 'Rows after'], tables.map(t => h('tr', {},
      h('td', {}, t), h('td', { class: 'num' }, rowCount(counts, 'before', t)),
      h('td', { class: 'num' }, rowCount(counts, 'after', t)))), 'no row counts'));
  }
  return h('div', { class: 'gate' }, parts);
}
