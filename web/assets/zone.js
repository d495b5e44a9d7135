// The account's time zone: every date the page shows or sends is in it, never the browser's.
import { api } from './api.js';

const DISMISSED = 'zone-offer-dismissed';
let zone = null;

export function setAccountZone(name) {
  try {
    // A zone this browser's calendar data lacks would make every date throw.
    new Intl.DateTimeFormat('en', { timeZone: name || undefined });
    zone = name || null;
  } catch {
    zone = null;
  }
}

export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

// YYYY-MM-DD of ``moment`` in the account's zone (the browser's only until it is known).
export function dayOf(moment = new Date()) {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
  });
  const part = (type) => format.formatToParts(moment).find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// Calendar arithmetic on YYYY-MM-DD, at noon UTC so no zone's midnight can move the day.
export function addDays(day, days) {
  const moment = new Date(`${day}T12:00:00Z`);
  moment.setUTCDate(moment.getUTCDate() + days);
  return moment.toISOString().slice(0, 10);
}

export function weekdayOf(day) {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'short', timeZone: 'UTC',
  });
}

// Storage can be blocked (a third-party frame); the offer then only lasts the visit.
function remembered() {
  try { return localStorage.getItem(DISMISSED); } catch { return null; }
}

function remember(value) {
  try { localStorage.setItem(DISMISSED, value); } catch { /* kept for this visit only */ }
}

let dismissedNow = null;

// Once, when the browser's zone differs from the account's: offer to use it.
function offer(onChange) {
  const box = document.getElementById('zone-offer');
  const here = browserZone();
  box.hidden = true;
  if (!zone || !here || here === zone || [remembered(), dismissedNow].includes(here)) return;
  document.getElementById('zone-offer-text').textContent =
    `Your browser is in ${here}; use it for your account? It uses ${zone} now.`;
  const use = document.getElementById('zone-offer-use');
  const keep = document.getElementById('zone-offer-keep');
  use.textContent = `Use ${here}`;
  keep.textContent = `Keep ${zone}`;
  use.onclick = async () => {
    try {
      const saved = await api('PUT', 'settings', { body: { timezone: here } });
      setAccountZone(saved.timezone);
      box.hidden = true;
      await onChange();
    } catch (error) {
      document.getElementById('zone-offer-text').textContent = error.message;
    }
  };
  keep.onclick = () => {
    dismissedNow = here;
    remember(here);
    box.hidden = true;
  };
  box.hidden = false;
}

// Learns the account's zone (and offers the browser's); ``onChange`` redraws after a switch.
export async function learnZone(onChange) {
  const settings = await api('GET', 'settings');
  setAccountZone(settings.timezone);
  offer(onChange);
}
