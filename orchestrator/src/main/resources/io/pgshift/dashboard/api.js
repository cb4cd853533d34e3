// The daemon's HTTP API (docs/API.md), called with the token the user entered. The token lives
// in sessionStorage only: it never goes into a URL, and closing the tab forgets it.
const TOKEN_KEY = 'pgshift.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/**
 * An answer other than 2xx, carrying the API's own words: shown to the user as they are. The
 * whole body stays in `body`: some refusals carry their evidence (a 409's sync_triggers).
 */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body || null;
  }

  toString() {
    return (this.status ? this.status + ' ' : '') + this.code + ': ' + this.message;
  }
}

export async function call(method, path, body) {
  const headers = {};
  const t = token.get();
  if (t) {
    headers.Authorization = 'Bearer ' + t;
  }
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'UNREACHABLE', 'the daemon does not answer (' + e.message + ')');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && json.code) || 'HTTP_' + response.status,
      (json && json.error) || text || response.statusText, json);
  }
  return json;
}

/** A query string of the parameters that have a value. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

export const runPath = (target, id) =>
  '/api/v1/targets/' + encodeURIComponent(target) + '/runs/' + encodeURIComponent(id);

/**
 * Target names: with a token, those it may act on (a token limited to some targets sees those
 * only); before one is entered, the readiness check's (it needs no token).
 */
export async function targets() {
  if (token.get()) {
    const json = await call('GET', '/api/v1/targets');
    return (json.targets || []).slice().sort();
  }
  const response = await fetch('/readyz', { cache: 'no-store' });
  const json = await response.json();
  return Object.keys(json.targets || {}).sort();
}
