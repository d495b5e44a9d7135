// The calendar heatmap: a year of days as weeks of squares, coloured by minutes. A click,
// or Enter on the focused day (arrow keys move), opens that day's history.
import { formatMinutes } from './api.js';
import { el, remember, textTable, tooltip } from './charts.js';
import { dayName, monthName } from './names.js';
import { addDays } from './zone.js';

const LEVELS = [0, 1, 30, 60, 120];
const LEGEND = ['none', '1–29 min', '30–59 min', '1–2 h', '2 h or more'];
const LEFT = 30;
const TOP = 16;

function level(minutes) {
  let found = 0;
  LEVELS.forEach((from, n) => { if (minutes >= from) found = n; });
  return found;
}

function opener(day) {
  return () => { window.location.hash = `#history/${day}`; };
}

// ``days``: {YYYY-MM-DD: minutes} from ``first`` (a Monday) to ``last``.
export function heatmap(container, days, first, last) {
  const draw = () => {
    container.replaceChildren();
    const span = Math.round((Date.parse(last) - Date.parse(first)) / 864e5) + 1;
    const weeks = Math.ceil(span / 7);
    const width = Math.max(280, container.clientWidth || 320);
    // A phone gets the year in two bands of half a year: squares big enough to see and tap.
    const bands = Math.floor((width - LEFT) / weeks) < 10 ? 2 : 1;
    const perBand = Math.ceil(weeks / bands);
    const cell = Math.max(5, Math.min(22, Math.floor((width - LEFT) / perBand)));
    const bandHeight = TOP + 7 * cell + 6;
    const svg = el('svg', {
      viewBox: `0 0 ${LEFT + perBand * cell} ${bands * bandHeight}`, width: LEFT + perBand * cell,
      height: bands * bandHeight, role: 'img', 'aria-label': 'Calendar of daily minutes',
      class: 'heatmap',
    }, container);
    for (let band = 0; band < bands; band += 1) {
      ['Mon', '', 'Wed', '', 'Fri', '', ''].forEach((name, row) => {
        if (name) {
          el('text', { x: 0, y: band * bandHeight + TOP + row * cell + cell * 0.8, class: 'axis' }, svg)
            .textContent = name;
        }
      });
    }
    const cells = [];
    let lastMonth = '';
    let labelled = -9;
    for (let n = 0; n < span; n += 1) {
      const day = addDays(first, n);
      const band = Math.floor(Math.floor(n / 7) / perBand);
      const column = Math.floor(n / 7) % perBand;
      const row = n % 7;
      const x = LEFT + column * cell;
      const y = band * bandHeight + TOP;
      // A month's name above the first week that starts in it (room for three letters).
      // Each band names its first month too; names never overlap.
      if (row === 0 && (day.slice(0, 7) !== lastMonth || column === 0)) {
        const at = band * perBand + column;
        if (at - labelled >= 3 && column < perBand - 2) {
          el('text', { x, y: y - 5, class: 'axis' }, svg).textContent = monthName(day.slice(0, 7), true);
          labelled = at;
        }
        lastMonth = day.slice(0, 7);
      }
      const minutes = days[day] || 0;
      const label = `${day}: ${Math.round(minutes)} min`;
      const square = el('rect', {
        x: x + 1, y: y + row * cell + 1, width: cell - 2, height: cell - 2,
        rx: 2, class: `day l${level(minutes)}`, role: 'img', 'aria-label': label, tabindex: -1,
        'data-day': day,
      }, svg);
      tooltip(square, `${dayName(day)}: ${formatMinutes(minutes)}`);
      square.addEventListener('click', opener(day));
      cells.push(square);
    }
    roving(cells);
    drawLegend(container);
    monthsTable(container, days, first, last);
  };
  draw();
  remember(container, draw);
}

// One tab stop for the whole year; arrows move a week (left, right) or a day (up, down).
function roving(cells) {
  if (!cells.length) return;
  let at = cells.length - 1;
  cells[at].setAttribute('tabindex', '0');
  const moves = { ArrowLeft: -7, ArrowRight: 7, ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity };
  cells.forEach((square, index) => {
    square.addEventListener('focus', () => { at = index; });
    square.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        opener(square.dataset.day)();
        return;
      }
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = Math.min(cells.length - 1, Math.max(0, at + moves[event.key]));
      cells[at].setAttribute('tabindex', '-1');
      cells[next].setAttribute('tabindex', '0');
      cells[next].focus();
    });
  });
}

function drawLegend(container) {
  const legend = document.createElement('p');
  legend.className = 'heat-legend';
  legend.setAttribute('aria-hidden', 'true');
  LEGEND.forEach((name, n) => {
    const item = document.createElement('span');
    item.innerHTML = `<i class="swatch l${n}"></i>`;
    item.append(name);
    legend.appendChild(item);
  });
  container.appendChild(legend);
}

function monthsTable(container, days, first, last) {
  const months = new Map();
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const month = day.slice(0, 7);
    const row = months.get(month) || { minutes: 0, active: 0 };
    const minutes = days[day] || 0;
    row.minutes += minutes;
    if (minutes > 0) row.active += 1;
    months.set(month, row);
  }
  textTable(container, 'Daily minutes by month', ['Month', 'Time', 'Days with immersion'],
    [...months].map(([month, row]) => [monthName(month), formatMinutes(row.minutes), String(row.active)]));
}
