// SVG charts drawn from the API's JSON: bars and lines as wide as their box, with units on
// the axes, tooltips on hover and focus, and a table for screen readers beside each.
import { formatMinutes } from './api.js';
import { timeScale } from './names.js';

const NS = 'http://www.w3.org/2000/svg';
const PAD = { top: 18, right: 10, bottom: 26, left: 40 };
const drawn = new Set();

export function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function niceMax(value) {
  // An empty chart still gets a readable scale: 0, 5, 10 rather than 0, 1, 1.
  if (value <= 10) return 10;
  const step = 10 ** Math.floor(Math.log10(value));
  const top = Math.ceil(value / step) * step;
  return top / 2 >= value ? top / 2 : top;
}

export function tooltip(target, text) {
  const tip = document.getElementById('tooltip');
  const show = () => {
    const box = target.getBoundingClientRect();
    tip.textContent = text;
    tip.hidden = false;
    const left = Math.min(window.innerWidth - tip.offsetWidth - 4, Math.max(4, box.left));
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.top + window.scrollY - tip.offsetHeight - 6}px`;
  };
  const hide = () => { tip.hidden = true; };
  target.addEventListener('mouseenter', show);
  target.addEventListener('focus', show);
  target.addEventListener('mouseleave', hide);
  target.addEventListener('blur', hide);
}

// Axis labels stay within the narrow left margin on a phone: 200000 reads 200k.
function compact(n) {
  if (n >= 1e6) return `${Math.round(n / 1e5) / 10}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${Math.round(n / 1e2) / 10}k`;
  return String(Math.round(n * 10) / 10);
}

// The text equivalent: a table a screen reader reads instead of the picture.
export function textTable(container, caption, head, rows) {
  // The wrapper hides it: a table grows to its content whatever width it is given.
  const box = document.createElement('div');
  box.className = 'sr-only';
  const table = document.createElement('table');
  box.appendChild(table);
  table.createCaption().textContent = caption;
  const top = table.createTHead().insertRow();
  for (const name of head) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = name;
    top.appendChild(cell);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    row.forEach((value) => { line.insertCell().textContent = value; });
  }
  container.appendChild(box);
}

function size(container) {
  const width = Math.max(280, Math.round(container.clientWidth || 320));
  return { width, height: width < 500 ? 170 : 210 };
}

function frame(container, label, max, unit) {
  container.replaceChildren();
  const { width, height } = size(container);
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label,
  }, container);
  for (const f of [0, 0.5, 1]) {
    const y = PAD.top + (1 - f) * (height - PAD.top - PAD.bottom);
    el('line', { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y, class: 'grid' }, svg);
    el('text', { x: PAD.left - 5, y: y + 4, class: 'axis', 'text-anchor': 'end' }, svg)
      .textContent = compact(max * f);
  }
  // The unit once, above the axis: "h", "min", "characters / min".
  el('text', { x: 2, y: 10, class: 'axis unit' }, svg).textContent = unit;
  return { svg, width, height };
}

// Redrawn at the box's new width when the window changes size (a phone turned, a desktop).
export function remember(container, draw) {
  container.redraw = draw;
  drawn.add(container);
}

let pending = null;
window.addEventListener('resize', () => {
  clearTimeout(pending);
  pending = setTimeout(() => {
    for (const box of drawn) {
      if (!box.isConnected) drawn.delete(box);
      else if (box.offsetParent !== null) box.redraw();
    }
  }, 150);
});

// One tab stop a chart (a year of days is not 365 stops): the last mark takes the focus,
// arrows move along the marks left to right, Home and End jump to the ends.
function rove(marks) {
  if (!marks.length) return;
  const order = [...marks].sort((a, b) => a.x - b.x);
  let at = order.length - 1;
  order.forEach(({ node }, index) => {
    node.setAttribute('tabindex', index === at ? '0' : '-1');
    node.addEventListener('focus', () => { at = index; });
    node.addEventListener('keydown', (event) => {
      const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = Math.min(order.length - 1, Math.max(0, at + moves[event.key]));
      order[at].node.setAttribute('tabindex', '-1');
      order[next].node.setAttribute('tabindex', '0');
      order[next].node.focus();
    });
  });
}

function valueText(time, unit) {
  return time ? (v) => formatMinutes(v) : (v) => `${compact(v)} ${unit}`;
}

// points: [{label, value, name?}] (``name``: the long label a table and tooltip give);
// ``time``: values are minutes, shown in hours past two hours.
export function barChart(container, points, { label, time = true, unit = '' }) {
  const draw = () => {
    const top = Math.max(0, ...points.map((p) => p.value));
    const scale = time ? timeScale(top) : { unit, divisor: 1 };
    const max = niceMax(top / scale.divisor);
    const { svg, width, height } = frame(container, label, max, scale.unit);
    const text = valueText(time, unit);
    const inner = width - PAD.left - PAD.right;
    const slot = inner / Math.max(points.length, 1);
    const every = Math.ceil(points.length / Math.max(2, Math.floor(inner / 48)));
    const marks = [];
    points.forEach((p, i) => {
      const h = (p.value / scale.divisor / max) * (height - PAD.top - PAD.bottom);
      const x = PAD.left + i * slot + slot * 0.15;
      const tip = `${p.name || p.label}: ${text(p.value)}`;
      const bar = el('rect', {
        x, y: height - PAD.bottom - h, width: Math.max(slot * 0.7, 1), height: Math.max(h, 0.5),
        class: 'bar', tabindex: -1, role: 'img', 'aria-label': tip,
      }, svg);
      tooltip(bar, tip);
      marks.push({ node: bar, x });
      if (i % every === 0) {
        el('text', { x: x + slot * 0.35, y: height - 8, class: 'axis', 'text-anchor': 'middle' }, svg)
          .textContent = p.label;
      }
    });
    rove(marks);
    textTable(container, label, ['', time ? 'Time' : unit],
      points.map((p) => [p.name || p.label, text(p.value)]));
  };
  draw();
  remember(container, draw);
}

// labels: [{key, label}] in order; series: [{name, points: [{key, value}]}] over those keys
// (a key is unique where a label may not be: Dec of two years).
export function lineChart(container, labels, series, { label, unit, time = false }) {
  const draw = () => {
    const top = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.value)));
    const scale = time ? timeScale(top) : { unit, divisor: 1 };
    const max = niceMax(top / scale.divisor);
    const { svg, width, height } = frame(container, label, max, scale.unit);
    const text = valueText(time, unit);
    // Inset: the first and last dots clear the axis' figures and the box's edge.
    const inset = 10;
    const inner = width - PAD.left - PAD.right - 2 * inset;
    const step = inner / Math.max(labels.length - 1, 1);
    const index = new Map(labels.map((l, i) => [l.key, i]));
    const xOf = (i) => PAD.left + inset + (labels.length === 1 ? inner / 2 : i * step);
    const yOf = (v) => height - PAD.bottom - (v / scale.divisor / max) * (height - PAD.top - PAD.bottom);
    const every = Math.ceil(labels.length / Math.max(2, Math.floor(inner / 60)));
    labels.forEach((l, i) => {
      if (i % every === 0) {
        el('text', { x: xOf(i), y: height - 8, class: 'axis', 'text-anchor': 'middle' }, svg)
          .textContent = l.label;
      }
    });
    const marks = [];
    series.forEach((s, n) => {
      const at = s.points.map((p) => [xOf(index.get(p.key)), yOf(p.value), p]);
      el('polyline', { points: at.map(([x, y]) => `${x},${y}`).join(' '), class: `line s${n % 4}` }, svg);
      for (const [x, y, p] of at) {
        const tip = `${s.name}, ${labels[index.get(p.key)].name || labels[index.get(p.key)].label}: ${text(p.value)}`;
        const dot = el('circle', { cx: x, cy: y, r: 4, class: `dot s${n % 4}`, tabindex: -1, role: 'img', 'aria-label': tip }, svg);
        tooltip(dot, tip);
        marks.push({ node: dot, x: x + n / 100 });
      }
    });
    rove(marks);
    legend(container, series);
    textTable(container, label, ['', ...series.map((s) => s.name)], labels.map((l) => [
      l.name || l.label, ...series.map((s) => {
        const found = s.points.find((p) => p.key === l.key);
        return found ? text(found.value) : '—';
      }),
    ]));
  };
  draw();
  remember(container, draw);
}

function legend(container, series) {
  if (series.length < 2) return;
  const list = document.createElement('ul');
  list.className = 'legend';
  list.setAttribute('aria-hidden', 'true');
  series.forEach((s, n) => {
    const item = document.createElement('li');
    item.innerHTML = `<span class="swatch s${n % 4}"></span>`;
    item.append(s.name);
    list.appendChild(item);
  });
  container.appendChild(list);
}
