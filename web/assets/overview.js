// The Overview section: figures, goals and streak from GET /progress; the calendar, time over
// time and top titles from one GET /stats of the last year's days (a period read).
import { api, formatMinutes } from './api.js';
import { barChart, lineChart } from './charts.js';
import { heatmap } from './heatmap.js';
import {
  activityName, byActivity, dayName, groupName, monthLabels, monthName,
} from './names.js';
import { titleHref } from './title.js';
import { addDays, dayOf, weekdayOf } from './zone.js';

const WEEKS = 53;

function setFigure(id, minutes) {
  const node = document.getElementById(id);
  node.dataset.minutes = String(minutes);
  node.textContent = formatMinutes(minutes);
}

function mondayOf(day) {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Days counted back from the account's today, as /progress counts them.
function daysAgoLabel(daysAgo) {
  return weekdayOf(addDays(dayOf(), -daysAgo));
}

function goalName(goal) {
  const period = goal.period === 'day' ? 'Daily' : 'Weekly';
  return goal.scope === 'all' ? `${period} goal` : `${period} ${goal.scope} goal`;
}

function goalBar(goal) {
  const name = goalName(goal);
  const box = make('div', `goal${goal.met ? ' met' : ''}`);
  const id = `goal-${goal.scope}-${goal.period}`;
  const head = make('p', 'goal-head');
  head.append(make('span', 'goal-name', name), make('span', 'muted',
    `${formatMinutes(goal.done_minutes)} of ${formatMinutes(goal.target_minutes)}${goal.met ? ' ✓' : ''}`));
  head.firstChild.id = id;
  const bar = make('div', 'progress');
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-labelledby', id);
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', String(goal.target_minutes));
  bar.setAttribute('aria-valuenow', String(goal.done_minutes));
  bar.setAttribute('aria-valuetext',
    `${formatMinutes(goal.done_minutes)} of ${formatMinutes(goal.target_minutes)}`);
  const fill = make('div', 'progress-fill');
  fill.style.width = `${Math.min(100, (100 * goal.done_minutes) / goal.target_minutes)}%`;
  bar.appendChild(fill);
  box.append(head, bar);
  return box;
}

// The last five weeks, Monday first: a day is kept as the streak counts it (the daily
// goal reached, or any immersion without one).
function streakCalendar(days, goals) {
  const daily = (goals || []).find((g) => g.scope === 'all' && g.period === 'day');
  const need = daily ? daily.target_minutes : 1;
  const today = dayOf();
  const first = addDays(mondayOf(today), -28);
  const list = make('ol', 'streak-days');
  list.setAttribute('aria-label', 'Days kept, last five weeks');
  for (let day = first; day <= addDays(mondayOf(today), 6); day = addDays(day, 1)) {
    const minutes = days[day] || 0;
    const future = day > today;
    const kept = !future && minutes >= need;
    const item = make('li', future ? 'future' : (kept ? 'kept' : ''));
    item.textContent = future ? '' : String(Number(day.slice(8)));
    item.setAttribute('aria-label', future ? `${day}: to come` : `${day}: ${kept ? 'kept' : 'not kept'}`);
    if (day === today) item.classList.add('today');
    list.appendChild(item);
  }
  return list;
}

function renderFigures(p, days) {
  setFigure('total', p.total_minutes ?? p.total_hours_watched * 60);
  setFigure('today', p.today_minutes ?? 0);
  const streak = p.streak;
  document.getElementById('streak').textContent = streak
    ? `${streak.current_days} day${streak.current_days === 1 ? '' : 's'}${streak.at_risk ? ' (log today to keep it)' : ''}`
    : '—';
  const trend = p.weekly_trend_percentage;
  document.getElementById('trend').textContent =
    trend === null || trend === undefined ? '—' : `${trend > 0 ? '+' : ''}${Math.round(trend)} %`;
  const pace = p.pace;
  document.getElementById('pace').textContent = pace && pace.eta_date
    ? `${pace.milestone_hours.toLocaleString('en')} h by ${dayName(pace.eta_date)} ${pace.eta_date.slice(0, 4)}`
    : '—';
  const goals = document.getElementById('goals');
  if ((p.goals || []).length) goals.replaceChildren(...p.goals.map(goalBar));
  else goals.innerHTML = '<p class="muted">No goals set: <a href="#settings">set one in Settings</a>.</p>';
  document.getElementById('streak-calendar').replaceChildren(streakCalendar(days, p.goals));
}

function renderCharts(p, stats, days, first, today) {
  heatmap(document.getElementById('chart-calendar'), days, first, today);
  const week = [...p.daily_activity].sort((a, b) => b.days_ago - a.days_ago).slice(-7);
  barChart(document.getElementById('chart-days'), week.map((d) => ({
    label: daysAgoLabel(d.days_ago), value: d.minutes_watched,
    name: dayName(addDays(today, -d.days_ago)),
  })), { label: 'Time a day over the last 7 days' });
  barChart(document.getElementById('chart-groups'), (p.by_group || []).map((g) => ({
    label: groupName(g.group), value: g.minutes,
  })), { label: 'Time by group, all time' });
  const list = document.getElementById('top-titles');
  list.replaceChildren(...stats.top_titles.slice(0, 10).map((t) => {
    const item = document.createElement('li');
    const link = make('a', '', t.title);
    link.href = titleHref(t.title, t.activity);
    item.append(link, make('span', 'muted', ` · ${activityName(t.activity)} · ${formatMinutes(t.minutes)}`));
    return item;
  }));
  renderSpeed(stats.reading_speed || []);
}

// Characters per minute of measured reading, a line per activity: by day over a few weeks,
// by week over a few months, by month past that (a year of daily dots is a smear).
function renderSpeed(rows) {
  document.getElementById('speed-part').hidden = rows.length === 0;
  if (!rows.length) return;
  const dates = rows.map((r) => r.date).sort();
  const span = (Date.parse(dates.at(-1)) - Date.parse(dates[0])) / 864e5;
  const by = span <= 45 ? 'day' : (span <= 200 ? 'week' : 'month');
  const keyOf = { day: (d) => d, week: mondayOf, month: (d) => d.slice(0, 7) }[by];
  const sums = new Map(); // "key activity" → [characters, minutes]
  for (const r of rows) {
    const id = `${keyOf(r.date)} ${r.activity}`;
    const sum = sums.get(id) || [0, 0];
    sum[0] += r.characters;
    sum[1] += r.minutes;
    sums.set(id, sum);
  }
  const keys = [...new Set(rows.map((r) => keyOf(r.date)))].sort();
  const series = [...new Set(rows.map((r) => r.activity))].sort(byActivity).map((name) => ({
    name: activityName(name),
    points: keys.filter((key) => sums.has(`${key} ${name}`)).map((key) => {
      const [characters, minutes] = sums.get(`${key} ${name}`);
      return { key, value: Math.round((10 * characters) / minutes) / 10 };
    }),
  }));
  const ticks = by === 'month' ? monthLabels(keys) : keys.map(dayName);
  const labels = keys.map((key, i) => ({
    key, label: ticks[i],
    name: { day: dayName(key), week: `Week of ${dayName(key)}`, month: monthName(key) }[by],
  }));
  lineChart(document.getElementById('chart-speed'), labels, series,
    { label: `Reading speed, characters a minute by ${by}`, unit: 'characters / min' });
}

// Every month with data (weeks when there are under three months of it), as a bar each.
function renderOverTime(days, firstData, today, older = {}) {
  const weekly = firstData && (Date.parse(today) - Date.parse(firstData)) / 864e5 < 90;
  const buckets = new Map();
  const start = firstData || today;
  if (weekly) {
    for (let monday = mondayOf(start); monday <= today; monday = addDays(monday, 7)) buckets.set(monday, 0);
  } else {
    for (let month = start.slice(0, 7); month <= today.slice(0, 7);
      month = addDays(`${month}-28`, 7).slice(0, 7)) buckets.set(month, older[month] || 0);
  }
  for (const [day, minutes] of Object.entries(days)) {
    const key = weekly ? mondayOf(day) : day.slice(0, 7);
    if (buckets.has(key)) buckets.set(key, buckets.get(key) + minutes);
  }
  const ticks = weekly ? [] : monthLabels([...buckets.keys()]);
  const points = [...buckets].map(([key, minutes], i) => (weekly
    ? { label: dayName(key), value: minutes, name: `Week of ${dayName(key)}` }
    : { label: ticks[i], value: minutes, name: monthName(key) }));
  document.getElementById('over-time-title').textContent = weekly ? 'Time by week' : 'Time by month';
  barChart(document.getElementById('chart-over-time'), points, {
    label: weekly ? 'Time of immersion by week' : 'Time of immersion by month',
  });
}

function emptyState(empty) {
  document.getElementById('get-started').hidden = !empty;
  document.getElementById('overview-body').hidden = empty;
}

// Months before the calendar's year, when the history reaches further (drawn after).
async function olderMonths(firstData, first) {
  const from = firstData < addDays(first, -3650) ? addDays(first, -3650) : firstData;
  const older = await api('GET', `stats?from=${from}&to=${addDays(first, -1)}&bucket=month`);
  return Object.fromEntries(older.buckets.map((b) => [b.start.slice(0, 7), b.minutes]));
}

// ``known``: a /progress answer the caller already has (the first load asks only once).
export async function showOverview(known = null) {
  const today = dayOf();
  const first = addDays(mondayOf(today), -7 * (WEEKS - 1));
  const [progress, stats] = await Promise.all([
    known || api('GET', 'progress'),
    api('GET', `stats?from=${first}&to=${today}&bucket=day`),
  ]);
  const days = Object.fromEntries(stats.buckets.map((b) => [b.start, b.minutes]));
  const total = progress.total_minutes ?? progress.total_hours_watched * 60;
  const any = total > 0 || progress.days_since_first_episode > 0;
  emptyState(!any);
  const since = progress.days_since_first_episode;
  const firstData = any ? addDays(today, -Math.max(0, since || 0)) : null;
  document.getElementById('review-link').href = `#review/${today.slice(0, 4)}`;
  document.getElementById('review-link').textContent = `Your ${today.slice(0, 4)} in review`;
  renderFigures(progress, days);
  if (any) {
    renderCharts(progress, stats, days, first, today);
    renderOverTime(days, firstData, today);
  }
  document.getElementById('overview').dataset.ready = 'true';
  // Measured by the browser tests and bench/web.py (time until the figures are on screen).
  if (!performance.getEntriesByName('overview-ready').length) performance.mark('overview-ready');
  if (any && firstData < first) renderOverTime(days, firstData, today, await olderMonths(firstData, first));
}
