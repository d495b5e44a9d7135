// The History section: pages of entries, newest first, filtered by activity, edit and delete.
import { api, formatMinutes } from './api.js';
import { activityName } from './names.js';
import { titleHref } from './title.js';
import { dayOf } from './zone.js';

const PAGE = 20;
const state = { cursors: [null], page: 0, activity: '', next: null, day: null };

function entryDate(entry) {
  return dayOf(new Date(entry.at * 1000));
}

function say(text) {
  document.getElementById('status').textContent = text;
}

function editForm(entry, item) {
  const form = document.createElement('form');
  form.className = 'inline-edit';
  form.innerHTML = `
    <label>Minutes <input name="minutes" type="number"></label>
    <label>Date <input name="date" type="date" required></label>
    <label>Title <input name="title" maxlength="200"></label>
    <button type="submit">Save</button> <button type="button" data-cancel>Cancel</button>
    <p class="error" role="alert" data-error></p>`;
  form.minutes.value = Math.round(entry.minutes);
  form.date.value = entryDate(entry);
  form.title.value = entry.title || '';
  if (entry.kind !== 'log') form.title.disabled = true;
  // An episode or a movie counts its whole length: the API takes only a new date for it.
  if (['episode', 'movie'].includes(entry.kind)) form.minutes.disabled = true;
  // Only what was changed is sent: an untouched date or rounded minutes must not move.
  const shown = { minutes: form.minutes.value, date: form.date.value, title: form.title.value };
  // Minutes are checked only once typed: an entry under half a minute shows 0, and that
  // unchanged 0 must not stop a new date from being saved.
  form.minutes.addEventListener('input', () => {
    const typed = form.minutes.value !== shown.minutes;
    form.minutes.required = typed;
    for (const [name, limit] of [['min', '1'], ['max', '1440']]) {
      if (typed) form.minutes.setAttribute(name, limit);
      else form.minutes.removeAttribute(name);
    }
  });
  form.querySelector('[data-cancel]').addEventListener('click', () => form.remove());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    if (!form.minutes.disabled && form.minutes.value !== shown.minutes) body.minutes = Number(form.minutes.value);
    if (form.date.value !== shown.date) body.date = form.date.value;
    if (entry.kind === 'log' && form.title.value !== shown.title) body.title = form.title.value;
    if (!Object.keys(body).length) {
      form.remove();
      return;
    }
    try {
      await api('PATCH', `history/${encodeURIComponent(entry.id)}`, { body });
      await loadHistory();
    } catch (error) {
      form.querySelector('[data-error]').textContent = error.message;
    }
  });
  item.appendChild(form);
  (form.minutes.disabled ? form.date : form.minutes).focus();
}

function renderEntry(entry) {
  const item = document.createElement('li');
  item.className = 'entry';
  const text = document.createElement('div');
  const title = entry.title || entry.activity;
  const subtitle = entry.subtitle ? ` · ${entry.subtitle}` : '';
  text.innerHTML = '<strong></strong><span class="muted"></span>';
  // What Top titles ranks it under (a log's title, the show, the movie, the channel, the
  // podcast) opens that title's page.
  const ranked = ['log', 'movie'].includes(entry.kind) ? entry.title : entry.subtitle;
  if (ranked) {
    const link = document.createElement('a');
    link.href = titleHref(ranked, entry.activity);
    link.textContent = title;
    text.firstChild.appendChild(link);
  } else {
    text.firstChild.textContent = title;
  }
  const amount = entry.amount ? ` · ${entry.amount} ${entry.unit || ''}`.trimEnd() : '';
  text.lastChild.textContent = ` ${activityName(entry.activity)}${subtitle}${amount} · ` +
    `${formatMinutes(entry.minutes)} · ${entryDate(entry)}`;
  if (entry.note) {
    const note = document.createElement('span');
    note.className = 'muted note';
    note.textContent = entry.note;
    text.appendChild(note);
  }
  const edit = button('Edit');
  edit.addEventListener('click', () => {
    if (!item.querySelector('form')) editForm(entry, item);
  });
  const remove = button('Delete', 'danger');
  remove.addEventListener('click', () => {
    if (!item.querySelector('.confirm')) confirmDelete(entry, title, item);
  });
  item.append(text, edit, remove);
  return item;
}

function button(label, className = '') {
  const made = document.createElement('button');
  made.type = 'button';
  made.textContent = label;
  if (className) made.className = className;
  return made;
}

// Nothing is deleted on one click: the row asks first.
function confirmDelete(entry, title, item) {
  const bar = document.createElement('div');
  bar.className = 'confirm';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Confirm delete');
  const question = document.createElement('p');
  question.textContent = `Delete “${title}”?`;
  const yes = button('Yes, delete', 'danger');
  const keep = button('Keep it', 'secondary');
  keep.addEventListener('click', () => bar.remove());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await api('DELETE', `history/${encodeURIComponent(entry.id)}`);
      say(`Deleted “${title}”.`);
      await loadHistory();
    } catch (error) {
      yes.disabled = false;
      say(error.message);
    }
  });
  bar.append(question, yes, keep);
  item.appendChild(bar);
  keep.focus();
}

// ``day``: YYYY-MM-DD to show only that day (the calendar's click), or null for every day.
export async function showHistory(day = null) {
  const wanted = /^\d{4}-\d{2}-\d{2}$/.test(day || '') ? day : null;
  if (wanted !== state.day) {
    state.day = wanted;
    state.cursors = [null];
    state.page = 0;
  }
  const note = document.getElementById('history-day');
  note.hidden = !state.day;
  note.firstChild.textContent = state.day ? `Showing ${state.day} only.` : '';
  await loadHistory();
}

export async function loadHistory() {
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (state.day) {
    params.set('from', state.day);
    params.set('to', state.day);
  }
  const cursor = state.cursors[state.page];
  if (cursor) params.set('cursor', cursor);
  if (state.activity) params.set('activity', state.activity);
  const data = await api('GET', `history?${params}`);
  // A delete (or a new date) emptied a page after the first: the page before is shown.
  if (!data.entries.length && state.page > 0) {
    state.page -= 1;
    await loadHistory();
    return;
  }
  const list = document.getElementById('history-list');
  list.replaceChildren(...data.entries.map(renderEntry));
  if (!data.entries.length) list.innerHTML = '<li class="muted">Nothing logged here yet.</li>';
  state.next = data.next_cursor;
  document.getElementById('history-older').disabled = !state.next;
  document.getElementById('history-newer').disabled = state.page === 0;
  list.dataset.page = String(state.page);
  performance.mark('history-drawn');
}

function reload() {
  loadHistory().catch((error) => say(error.message));
}

// Another sign-in (perhaps another account) starts from the newest entry, of every activity:
// a cursor is only good for the account that was given it.
export function resetHistory() {
  Object.assign(state, { cursors: [null], page: 0, activity: '', next: null });
  document.getElementById('history-activity').value = '';
  document.getElementById('history-list').replaceChildren();
}

export function setUpHistory(activities) {
  const select = document.getElementById('history-activity');
  for (const name of activities) select.add(new Option(activityName(name), name));
  select.addEventListener('change', () => {
    state.activity = select.value;
    state.cursors = [null];
    state.page = 0;
    reload();
  });
  document.getElementById('history-older').addEventListener('click', () => {
    if (!state.next) return;
    // bench/web.py measures from here to 'history-drawn'.
    performance.mark('history-click');
    state.cursors[state.page + 1] = state.next;
    state.page += 1;
    reload();
  });
  document.getElementById('history-newer').addEventListener('click', () => {
    if (state.page === 0) return;
    state.page -= 1;
    reload();
  });
}
