// What the page calls things: activities and groups by their human names, time with units.

const ACTIVITY_NAMES = {
  anime: 'Anime', tv: 'TV', movie: 'Movie', video: 'Video', livestream: 'Livestream',
  podcast: 'Podcast', audiobook: 'Audiobook', music: 'Music', audio: 'Audio', book: 'Book',
  manga: 'Manga', visual_novel: 'Visual novel', reading: 'Reading', game: 'Game',
  speaking: 'Speaking', writing: 'Writing', other: 'Other', anki: 'Anki',
};

// ``visual_novel`` → "Visual novel"; a name the page does not know yet still reads.
export function activityName(name) {
  if (ACTIVITY_NAMES[name]) return ACTIVITY_NAMES[name];
  const words = String(name || '').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// One of the API's activities (a title's link starts with one).
export function activityKnown(name) {
  return Object.hasOwn(ACTIVITY_NAMES, name);
}

// Activities in the API's order: a chart gives each the same colour in every view.
const ORDER = Object.keys(ACTIVITY_NAMES);
export function byActivity(a, b) {
  const rank = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return rank(a) - rank(b) || String(a).localeCompare(String(b));
}

export function groupName(group) {
  return activityName(group);
}

// A chart's scale: minutes up to two hours, hours past them (never "4k" minutes).
export function timeScale(maxMinutes) {
  return maxMinutes > 120
    ? { unit: 'h', divisor: 60, axis: 'hours' }
    : { unit: 'min', divisor: 1, axis: 'minutes' };
}

// "1,234" in the page's language.
export function count(n) {
  return Math.round(n).toLocaleString('en');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2026-03" → "Mar 2026" (or "Mar" with ``short``).
export function monthName(month, short = false) {
  const [year, number] = month.split('-');
  const name = MONTHS[Number(number) - 1];
  return short ? name : `${name} ${year}`;
}

// Axis labels of months in order: "Mar", or "Mar ’26" when they cross a year (two Decs
// must not read alike).
export function monthLabels(months) {
  const years = new Set(months.map((m) => m.slice(0, 4)));
  return months.map((m) => (years.size > 1 ? `${monthName(m, true)} ’${m.slice(2, 4)}` : monthName(m, true)));
}

// "2026-03-09" → "9 Mar".
export function dayName(day) {
  const [, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1]}`;
}
