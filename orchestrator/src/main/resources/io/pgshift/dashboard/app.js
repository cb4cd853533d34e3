// The dashboard's shell: the token form, the address-based router (#/runs, #/runs/{target}/{id},
// #/audit) and the poll loop that refreshes the open view every 1.5 s while it is visible.
import { ApiError, targets, token } from './api.js';
import { auditView } from './audit.js';
import { h, replace } from './dom.js';
import { runView } from './run.js';
import { runsView } from './runs.js';

const POLL_MS = 1500;
const main = document.getElementById('view');
const errorBanner = document.getElementById('error');
const ctx = { targets: [], navigate, refreshNow: () => tick() };
let view = null;
let timer = null;
let generation = 0;

function navigate(path, params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== '' && value !== null && value !== undefined && !(name === 'offset' && Number(value) === 0)) {
      search.set(name, value);
    }
  }
  const hash = '#' + path + (search.toString() ? '?' + search : '');
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/runs';
  const [path, search] = raw.split('?', 2);
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search || '') };
}

function showError(error) {
  if (!error) {
    errorBanner.hidden = true;
    errorBanner.textContent = '';
    return;
  }
  errorBanner.hidden = false;
  errorBanner.textContent = error instanceof ApiError ? String(error) : 'The dashboard failed: ' + error;
  if (error instanceof ApiError && error.status === 401) {
    errorBanner.textContent += ' — enter a valid token above.';
  }
}

function route() {
  generation++;
  clearTimeout(timer);
  const { parts, params } = parse();
  document.getElementById('nav-runs').classList.toggle('active', parts[0] !== 'audit');
  document.getElementById('nav-audit').classList.toggle('active', parts[0] === 'audit');
  if (!token.get()) {
    view = null;
    showError(null);
    replace(main, h('div', { class: 'card intro', id: 'need-token' }, h('h1', {}, 'Enter an API token'),
      h('p', {}, 'The dashboard reads the daemon\'s API with your token (a viewer token reads; operators and approvers'
        + ' may also act). It is kept in this tab\'s session storage only, never in an address.')));
    document.getElementById('token').focus();
    return;
  }
  if (parts[0] === 'audit') {
    view = auditView(params, ctx);
  } else if (parts[0] === 'runs' && parts.length === 3) {
    view = runView(parts[1], parts[2], ctx);
  } else {
    view = runsView(params, ctx);
  }
  replace(main, view.el);
  tick();
}

async function tick() {
  clearTimeout(timer);
  const mine = generation;
  const current = view;
  if (!current) {
    return;
  }
  try {
    await current.refresh();
    if (mine === generation) showError(null);
  } catch (e) {
    if (mine === generation) showError(e);
  }
  if (mine === generation && current.poll && !document.hidden) {
    timer = setTimeout(tick, POLL_MS);
  }
}

function showTokenState() {
  const has = Boolean(token.get());
  document.getElementById('token-state').textContent = has ? 'token set' : 'no token';
  document.getElementById('token-forget').disabled = !has;
}

// The targets offered depend on the token (it may be limited to some): read again when it changes.
async function loadTargets() {
  try {
    ctx.targets = await targets();
  } catch (e) {
    ctx.targets = [];
    showError(e);
  }
}

document.getElementById('token-form').addEventListener('submit', async e => {
  e.preventDefault();
  const input = document.getElementById('token');
  if (input.value.trim()) {
    token.set(input.value.trim());
  }
  input.value = '';
  showTokenState();
  await loadTargets();
  route();
});
document.getElementById('token-forget').addEventListener('click', async () => {
  token.clear();
  showTokenState();
  await loadTargets();
  route();
});
document.addEventListener('visibilitychange', () => !document.hidden && view && view.poll && tick());
window.addEventListener('hashchange', route);
window.addEventListener('resize', () => view && view.redraw && view.redraw());

(async () => {
  showTokenState();
  await loadTargets();
  route();
})();
