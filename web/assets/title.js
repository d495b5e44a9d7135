// A page per title (#title/<activity>/<name>): time, sessions, first and last day, time per
// week and, where characters were logged, reading speed (GET /title); a show's page says
// whether it is anime (PUT /show).
import { api, formatMinutes } from './api.js';
import { barChart, lineChart } from './charts.js';
import {
  activityKnown, activityName, byActivity, count, dayName, monthLabels, monthName,
} from './names.js';

// A title is its name within an activity, as Top titles ranks it: the manga Frieren and the
// anime Frieren are two pages. ``#title/<name>`` alone (an older link) is every activity's.
export function titleHref(name, activity) {
  return `#title/${encodeURIComponent(activity)}/${encodeURIComponent(name)}`;
}

// What follows "#title/", undecoded: [activity or null, name].
function titleOf(rest) {
  const decode = (part) => { try { return decodeURIComponent(part); } catch { return part; } };
  const cut = rest.indexOf('/');
  const first = cut < 0 ? '' : decode(rest.slice(0, cut));
  if (activityKnown(first)) return [first, decode(rest.slice(cut + 1))];
  return [null, decode(rest)];
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

// Characters a minute over the months, a line per activity.
export function speedChart(container, rows, label) {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const names = [...new Set(rows.map((r) => r.activity))].sort(byActivity);
  const series = names.map((name) => ({
    name: activityName(name),
    points: rows.filter((r) => r.activity === name)
      .map((r) => ({ key: r.period, value: r.characters_per_minute })),
  }));
  const ticks = monthLabels(periods);
  const labels = periods.map((p, i) => ({ key: p, label: ticks[i], name: monthName(p) }));
  lineChart(container, labels, series, { label, unit: 'characters / min' });
}

// A "This is anime" box per show folder counted under the title (PUT /show): its episodes
// then count as anime everywhere, so the page follows them to the anime title.
function showControls(shows, name) {
  const list = document.getElementById('title-show-list');
  list.replaceChildren();
  document.getElementById('title-shows').hidden = !shows.length;
  for (const show of shows) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = show.activity === 'anime';
    box.dataset.folder = show.folder_name;
    label.append(box, ' This is anime');
    if (shows.length > 1 || show.folder_name !== name) {
      const folder = document.createElement('small');
      folder.className = 'muted';
      folder.textContent = ` (folder ${show.folder_name})`;
      label.append(folder);
    }
    box.addEventListener('change', () => markShow(box, name));
    list.append(label);
  }
}

async function markShow(box, name) {
  const activity = box.checked ? 'anime' : 'tv';
  const message = document.getElementById('title-show-message');
  box.disabled = true;
  try {
    await api('PUT', 'show', { body: { folder_name: box.dataset.folder, activity } });
  } catch (error) {
    box.checked = !box.checked;
    message.textContent = error.message;
    return;
  } finally {
    box.disabled = false;
  }
  const href = titleHref(name, activity);
  window.history.replaceState(null, '', href);
  await showTitle(href.slice('#title/'.length));
  message.textContent = `Its episodes now count as ${activityName(activity)}.`;
}

export async function showTitle(rest) {
  const [activity, name] = titleOf(rest);
  text('title-title', name);
  for (const id of ['title-kind', 'title-total', 'title-sessions', 'title-first', 'title-last']) text(id, '');
  text('title-show-message', '');
  document.getElementById('title-shows').hidden = true;
  const query = new URLSearchParams({ name });
  if (activity) query.set('activity', activity);
  const page = await api('GET', `title?${query}`);
  text('title-kind', page.activities.map(activityName).join(', '));
  showControls(page.shows || [], name);
  text('title-total', formatMinutes(page.total_minutes));
  text('title-sessions', count(page.sessions));
  text('title-first', `${dayName(page.first_day)} ${page.first_day.slice(0, 4)}`);
  text('title-last', `${dayName(page.last_day)} ${page.last_day.slice(0, 4)}`);
  const reading = page.characters > 0;
  document.getElementById('title-reading').hidden = !reading;
  if (reading) {
    text('title-characters', count(page.characters));
    const speed = document.getElementById('title-speed');
    speed.textContent = page.characters_per_minute === null ? '—' : count(page.characters_per_minute);
    if (page.characters_per_minute !== null) {
      const unit = document.createElement('small');
      unit.textContent = ' characters / min';
      speed.appendChild(unit);
    }
  }
  barChart(document.getElementById('chart-title-weeks'), page.by_week.map((w) => ({
    label: dayName(w.start), value: w.minutes, name: `Week of ${dayName(w.start)} ${w.start.slice(0, 4)}`,
  })), { label: `Time per week on ${name}` });
  document.getElementById('title-speed-part').hidden = !page.reading_speed.length;
  if (page.reading_speed.length) {
    speedChart(document.getElementById('chart-title-speed'), page.reading_speed,
      `Reading speed on ${name}, characters a minute by month`);
  }
  document.getElementById('title').dataset.ready = name;
}
