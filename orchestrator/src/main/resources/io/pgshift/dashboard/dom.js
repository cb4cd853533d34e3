// Small DOM and formatting helpers. Text always goes in as text (never as HTML): SQL, errors and
// audit details are shown exactly as the API gives them.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

export function badge(state) {
  return h('span', { class: 'badge state-' + String(state || 'none').toLowerCase() }, state || '—');
}

/** A bar filled to done/total; an unknown total shows an empty, striped bar. */
export function progressBar(done, total, label) {
  const known = typeof total === 'number' && total > 0;
  const pct = known ? Math.min(100, Math.max(0, (100 * done) / total)) : 0;
  const fill = h('div', { class: 'fill' });
  fill.style.width = pct.toFixed(1) + '%';
  return h('div', { class: 'progress' + (known ? '' : ' unknown'), role: 'progressbar',
    'aria-valuenow': known ? Math.round(pct) : null, 'aria-valuemin': 0, 'aria-valuemax': 100 },
  fill, h('span', { class: 'label' }, label !== undefined ? label : known ? pct.toFixed(0) + ' %' : '—'));
}

export function number(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '—';
}

export function rate(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) + ' rows/s' : '—';
}

export function seconds(s) {
  if (typeof s !== 'number') {
    return '—';
  }
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

export function millis(ms) {
  if (typeof ms !== 'number') return '—';
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
}

/** Local date and time, with the API's UTC instant as a tooltip. */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  const text = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
    + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  return h('time', { datetime: iso, title: iso }, text);
}

/** A select's options from values (or [value, label] pairs), with one selected. */
export function options(values, selected) {
  return values.map(v => {
    const [value, label] = Array.isArray(v) ? v : [v, v];
    return h('option', { value, selected: value === selected }, label);
  });
}

export function table(id, headings, rows, empty) {
  return h('table', { id, class: 'grid' },
    h('thead', {}, h('tr', {}, headings.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', { class: 'empty' }, h('td', { colspan: headings.length }, empty))));
}

/** Previous/next paging for limit/offset lists; the API gives no total, so "next" is offered when a page is full. */
export function pager(offset, limit, count, go) {
  const first = count ? offset + 1 : offset;
  return h('div', { class: 'pager' },
    h('button', { class: 'secondary', id: 'page-prev', disabled: offset === 0,
      onclick: () => go(Math.max(0, offset - limit)) }, '← Previous'),
    h('span', { class: 'muted' }, count ? 'rows ' + number(first) + '–' + number(offset + count) : 'no rows'),
    h('button', { class: 'secondary', id: 'page-next', disabled: count < limit,
      onclick: () => go(offset + limit) }, 'Next →'));
}
