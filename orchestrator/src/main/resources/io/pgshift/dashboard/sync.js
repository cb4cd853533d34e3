// A run's sync triggers (keep_in_sync backfills) and the evidence the deploy is judged by: each
// trigger's fill counter, as the API's `sync_triggers` gives it. A trigger that filled a row
// within its quiet period is relied on: writers that omit its columns (the application's old
// version) still run, so complete and cleanup refuse unless forced.
import { badge, h, replace, seconds, table, time } from './dom.js';

/**
 * Relied on, as far as the page is concerned. A dropped trigger fills nothing any more, whatever
 * its last sample said: it is shown as dropped, never as relied on.
 */
export function reliedOn(t) {
  return t.state !== 'DROPPED' && t.relied_on === true;
}

/**
 * What forcing complete or cleanup past writers that still rely on a trigger does, said before it
 * is done: the offer shown with the refusal, and the confirmation asked before forcing.
 */
export const FORCING = {
  complete: { label: 'Complete', button: 'Complete anyway…',
    offer: 'Writers still omit the new columns. Completing now tightens the schema before the deploy is proven done.',
    confirm: id => 'Complete run #' + id + ' although writers still omit the new columns?\n\nContract tightens the'
      + ' schema now. The retained sync trigger keeps filling their rows, but nothing shows the old application'
      + ' version is gone.' },
  cleanup: { label: 'Clean up', button: 'Drop anyway…',
    offer: 'Writers still rely on the sync trigger. Dropping it now may break their writes.',
    confirm: id => 'Drop the sync triggers of run #' + id + ' although writers still rely on them?\n\nTheir writes'
      + ' that omit the columns no longer get the value: they fail on NOT NULL, CHECK or FOREIGN KEY constraints,'
      + ' or leave the columns empty. A dropped trigger is not put back.' },
};

/** What cleanup answered it dropped: ", dropped 1 sync trigger (pgshift_sync_accounts_doubled)"; else "". */
export function droppedText(answer) {
  if (!answer || !Array.isArray(answer.dropped)) {
    return '';
  }
  const names = answer.dropped.map(t => t.trigger);
  return ', dropped ' + names.length + ' sync trigger' + (names.length === 1 ? '' : 's')
    + (names.length ? ' (' + names.join(', ') + ')' : '');
}

/** Whether cleanup has something left to drop. */
export function hasLiveTrigger(run) {
  return (run.sync_triggers || []).some(t => t.state !== 'DROPPED');
}

/** The sync triggers card; hidden when the run has none. */
export function renderSyncTriggers(el, run) {
  const list = run.sync_triggers || [];
  el.hidden = list.length === 0;
  replace(el, h('h2', {}, 'Sync triggers ',
    h('span', { class: 'muted' }, '(fill the new columns for writers that omit them)')),
  table('sync-trigger-table', ['Trigger', 'Table', 'Columns', 'State', 'Writers rely on it', 'Evidence'],
    list.map(row), 'This run has no sync trigger.'));
}

function row(t) {
  const relied = reliedOn(t);
  return h('tr', { 'data-trigger': t.trigger, class: relied ? 'relied' : '' },
    h('td', {}, h('code', {}, t.trigger)),
    h('td', {}, t.table),
    h('td', {}, (t.columns || []).join(', ')),
    h('td', { class: 'state' }, badge(t.state)),
    h('td', { class: 'relied-on' }, t.state === 'DROPPED' ? '—' : relied
      ? [h('strong', {}, 'yes'), h('span', { class: 'muted' }, ' (quiet for ' + seconds(t.quiet_for_seconds) + ' of '
        + seconds(t.quiet_period_seconds) + ')')] : 'no'),
    h('td', { class: 'evidence' }, t.state === 'DROPPED'
      ? ['dropped ', time(t.dropped_at), t.dropped_by ? ' by ' + t.dropped_by : '']
      : t.summary));
}

/**
 * The banner of a run held before contract: what the operator does next, and the triggers'
 * numbers that say whether the old version still writes.
 */
export function renderHoldBanner(el, run) {
  el.hidden = run.state !== 'AWAITING_CONTRACT';
  if (el.hidden) {
    replace(el);
    return;
  }
  const live = (run.sync_triggers || []).filter(t => t.state !== 'DROPPED');
  const relied = live.filter(reliedOn);
  const verdict = !live.length ? 'This run has no sync trigger: nothing tells whether the deploy is done.'
    : relied.length ? 'Writers still omit the new columns: Complete is refused until every trigger has filled'
      + ' nothing for its quiet period.'
      : 'No writer omits the new columns any more: Complete can go on.';
  replace(el,
    h('strong', {}, 'Held before contract.'),
    ' The gate passed and nothing is tightened yet. Deploy the application version that writes the new columns,'
    + ' retire the old one, then Complete.',
    live.length ? h('ul', { class: 'evidence' }, live.map(t => h('li', { class: reliedOn(t) ? 'relied' : '' },
      h('code', {}, t.trigger), ': ', t.summary))) : null,
    h('p', { class: 'verdict' + (relied.length ? ' bad' : '') }, verdict));
}
