// Small SVG charts drawn from the API's JSON: bars and a line, with tooltips on hover and focus.
const NS = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 160;
const PAD = { top: 10, right: 8, bottom: 28, left: 36 };

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function niceMax(value) {
  // An empty chart still gets a readable scale: 0, 5, 10 rather than 0, 1, 1.
  if (value <= 10) return 10;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

function tooltip(target, text) {
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
  return String(Math.round(n));
}

function frame(container, label, max, unit) {
  container.replaceChildren();
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label,
    // On a wide screen the height caps the chart; keep it under its heading, not centred.
    preserveAspectRatio: 'xMinYMid meet',
  }, container);
  for (const f of [0, 0.5, 1]) {
    const y = PAD.top + (1 - f) * (H - PAD.top - PAD.bottom);
    el('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'grid' }, svg);
    el('text', { x: PAD.left - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, svg)
      .textContent = `${compact(max * f)}${f === 1 ? unit : ''}`;
  }
  return svg;
}

// points: [{label, value, tip}]; every bar is focusable so keyboards reach the tooltip too.
export function barChart(container, points, { label, unit = '' }) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const svg = frame(container, label, max, unit);
  const inner = W - PAD.left - PAD.right;
  const slot = inner / Math.max(points.length, 1);
  const every = Math.ceil(points.length / 8);
  points.forEach((p, i) => {
    const h = (p.value / max) * (H - PAD.top - PAD.bottom);
    const x = PAD.left + i * slot + slot * 0.15;
    const bar = el('rect', {
      x, y: H - PAD.bottom - h, width: slot * 0.7, height: Math.max(h, 0.5),
      class: 'bar', tabindex: 0, role: 'img', 'aria-label': p.tip,
    }, svg);
    tooltip(bar, p.tip);
    if (i % every === 0) {
      el('text', { x: x + slot * 0.35, y: H - 10, class: 'axis', 'text-anchor': 'middle' }, svg)
        .textContent = p.label;
    }
  });
}

export function lineChart(container, points, { label, unit = '' }) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const svg = frame(container, label, max, unit);
  const inner = W - PAD.left - PAD.right;
  const step = inner / Math.max(points.length - 1, 1);
  const xy = points.map((p, i) => [
    PAD.left + i * step, H - PAD.bottom - (p.value / max) * (H - PAD.top - PAD.bottom),
  ]);
  el('polyline', { points: xy.map((q) => q.join(',')).join(' '), class: 'line' }, svg);
  const every = Math.ceil(points.length / 6);
  points.forEach((p, i) => {
    const dot = el('circle', {
      cx: xy[i][0], cy: xy[i][1], r: 4, class: 'dot', tabindex: 0, role: 'img', 'aria-label': p.tip,
    }, svg);
    tooltip(dot, p.tip);
    if (i % every === 0) {
      el('text', { x: xy[i][0], y: H - 10, class: 'axis', 'text-anchor': 'middle' }, svg)
        .textContent = p.label;
    }
  });
}
