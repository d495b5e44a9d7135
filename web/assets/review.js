// The year in review (#review/YYYY): GET /review's figures, and its card (GET /review.png)
// to save or share.
import { api, fetchBlob, formatMinutes } from './api.js';
import { barChart } from './charts.js';
import { activityName, dayName, groupName, monthName } from './names.js';
import { speedChart, titleHref } from './title.js';
import { dayOf } from './zone.js';

let shownYear = null;
let cardUrl = null;

function text(id, value) {
  document.getElementById(id).textContent = value;
}

export async function showReview(year) {
  const chosen = /^\d{4}$/.test(year || '') ? Number(year) : Number(dayOf().slice(0, 4));
  shownYear = chosen;
  text('review-title', `${chosen} in review`);
  document.getElementById('review-previous').href = `#review/${chosen - 1}`;
  const next = document.getElementById('review-next');
  next.href = `#review/${chosen + 1}`;
  next.hidden = chosen >= Number(dayOf().slice(0, 4));
  resetCard();
  const r = await api('GET', `review?year=${chosen}`);
  text('review-total', formatMinutes(r.total_minutes));
  text('review-days', String(r.days_active));
  text('review-streak', `${r.longest_streak} day${r.longest_streak === 1 ? '' : 's'}`);
  // The day as the figure, its time beside it (wrapping whole, beneath it on a phone).
  const busiest = document.getElementById('review-busiest');
  busiest.textContent = r.busiest_day ? dayName(r.busiest_day.date) : '—';
  if (r.busiest_day) {
    const time = document.createElement('small');
    time.textContent = ` ${formatMinutes(r.busiest_day.minutes)}`;
    busiest.appendChild(time);
  }
  barChart(document.getElementById('chart-review-months'), r.by_month.map((m) => ({
    label: monthName(m.month, true), value: m.minutes, name: monthName(m.month),
  })), { label: `Time by month in ${chosen}` });
  barChart(document.getElementById('chart-review-groups'), r.by_group.map((g) => ({
    label: groupName(g.group), value: g.minutes,
  })), { label: `Time by group in ${chosen}` });
  const list = document.getElementById('review-titles');
  list.replaceChildren(...r.top_titles.map((t) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = titleHref(t.title, t.activity);
    link.textContent = t.title;
    item.append(link, ` · ${activityName(t.activity)} · ${formatMinutes(t.minutes)}`);
    return item;
  }));
  if (!r.top_titles.length) list.innerHTML = '<li class="muted">No titles this year.</li>';
  document.getElementById('review-speed-part').hidden = !r.reading_speed.length;
  if (r.reading_speed.length) {
    speedChart(document.getElementById('chart-review-speed'), r.reading_speed,
      `Reading speed in ${chosen}, characters a minute by month`);
  }
  document.getElementById('review').dataset.ready = String(chosen);
}

function resetCard() {
  const image = document.getElementById('review-card-image');
  image.hidden = true;
  image.removeAttribute('src');
  text('review-card-status', '');
  if (cardUrl) URL.revokeObjectURL(cardUrl);
  cardUrl = null;
}

// Drawn on the server only when asked: the card, shown, then shared or saved.
async function getCard() {
  const year = shownYear;
  text('review-card-status', 'Drawing the card…');
  try {
    const blob = await fetchBlob(`review.png?year=${year}`);
    const file = new File([blob], `immersion-${year}.png`, { type: 'image/png' });
    resetCard();
    cardUrl = URL.createObjectURL(blob);
    const image = document.getElementById('review-card-image');
    image.src = cardUrl;
    image.alt = `Your ${year} in immersion, as a card`;
    image.hidden = false;
    if (navigator.canShare && navigator.canShare({ files: [file] })) {
      await navigator.share({ files: [file], title: `My ${year} in immersion` }).catch(() => {});
      text('review-card-status', 'The card is ready.');
    } else {
      const link = Object.assign(document.createElement('a'), { href: cardUrl, download: file.name });
      link.textContent = 'Save the card';
      document.getElementById('review-card-status').replaceChildren('The card is ready: ', link, '.');
    }
  } catch (error) {
    text('review-card-status', error.message);
  }
}

export function setUpReview() {
  document.getElementById('review-card').addEventListener('click', getCard);
}
