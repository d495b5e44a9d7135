// The Overview section: figures from GET /progress, trends and top titles from GET /stats.
import { api, formatMinutes } from './api.js';
import { barChart, lineChart } from './charts.js';
import { addDays, dayOf, weekdayOf } from './zone.js';

function setFigure(id, minutes) {
  const node = document.getElementById(id);
  node.dataset.minutes = String(minutes);
  node.textContent = formatMinutes(minutes);
}

// Days counted back from the account's today, as /progress counts them.
function daysAgoLabel(daysAgo) {
  return weekdayOf(addDays(dayOf(), -daysAgo));
}

function renderProgress(p) {
  setFigure('total', p.total_minutes ?? p.total_hours_watched * 60);
  setFigure('today', p.today_minutes ?? 0);
  const streak = p.streak;
  document.getElementById('streak').textContent = streak
    ? `${streak.current_days} days${streak.at_risk ? ' (log today to keep it)' : ''}`
    : '—';
  const trend = p.weekly_trend_percentage;
  document.getElementById('trend').textContent =
    trend === null || trend === undefined ? '—' : `${trend > 0 ? '+' : ''}${Math.round(trend)} %`;
  const goals = document.getElementById('goals');
  goals.replaceChildren(...(p.goals || []).map((g) => {
    const row = document.createElement('p');
    const scope = g.scope === 'all' ? 'All immersion' : g.scope;
    row.textContent = `${scope}, ${g.period === 'day' ? 'daily' : 'weekly'} goal: ` +
      `${formatMinutes(g.done_minutes)} of ${formatMinutes(g.target_minutes)}${g.met ? ' ✓' : ''}`;
    return row;
  }));
  const days = [...p.daily_activity].sort((a, b) => b.days_ago - a.days_ago).slice(-7);
  barChart(document.getElementById('chart-days'), days.map((d) => ({
    label: daysAgoLabel(d.days_ago), value: d.minutes_watched,
    tip: `${daysAgoLabel(d.days_ago)}: ${formatMinutes(d.minutes_watched)}`,
  })), { label: 'Minutes a day over the last 7 days' });
  lineChart(document.getElementById('chart-quarters'), p.all_time_progress.map((q) => ({
    label: q.label, value: q.cumulative_hours, tip: `${q.label}: ${q.cumulative_hours} h in all`,
  })), { label: 'Hours of immersion in all, by quarter', unit: ' h' });
  barChart(document.getElementById('chart-groups'), (p.by_group || []).map((g) => ({
    label: g.group, value: g.minutes, tip: `${g.group}: ${formatMinutes(g.minutes)}`,
  })), { label: 'Minutes by group' });
}

function renderStats(stats) {
  barChart(document.getElementById('chart-weeks'), stats.buckets.map((b) => ({
    label: b.start.slice(5), value: b.minutes, tip: `Week of ${b.start}: ${formatMinutes(b.minutes)}`,
  })), { label: 'Minutes a week over the last 12 weeks' });
  const list = document.getElementById('top-titles');
  list.replaceChildren(...stats.top_titles.slice(0, 10).map((t) => {
    const item = document.createElement('li');
    item.textContent = `${t.title} (${t.activity}): ${formatMinutes(t.minutes)}`;
    return item;
  }));
}

// ``known``: a /progress answer the caller already has (the first load asks only once).
export async function showOverview(known = null) {
  const to = dayOf();
  const from = addDays(to, -7 * 12 + 1);
  const [progress, stats] = await Promise.all([
    known || api('GET', 'progress'),
    api('GET', `stats?from=${from}&to=${to}&bucket=week`)
      .catch((error) => (error.status === 404 ? null : Promise.reject(error))),
  ]);
  renderProgress(progress);
  if (stats) renderStats(stats);
  document.getElementById('stats-part').hidden = !stats;
  document.getElementById('overview').dataset.ready = 'true';
  // Measured by the browser tests and bench/web.py (time until the figures are on screen).
  if (!performance.getEntriesByName('overview-ready').length) performance.mark('overview-ready');
}
