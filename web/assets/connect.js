// The Connect a player section: integrations (their token shown once), revoking, and the
// captured sessions that were not counted, each of which can be counted anyway.
import { api, formatMinutes } from './api.js';
import { dayOf } from './zone.js';

const SOURCES = { jellyfin: 'Jellyfin', plex: 'Plex', emby: 'Emby', generic: 'mpv / generic' };

function say(text) {
  document.getElementById('status').textContent = text;
}

function button(label, className = '') {
  const made = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  if (className) made.className = className;
  return made;
}

// Seconds since the epoch → the day in the account's zone; null → "never".
function day(seconds) {
  return seconds ? dayOf(new Date(seconds * 1000)) : 'never';
}

function row(strong, detail) {
  const item = document.createElement('li');
  item.className = 'entry';
  const text = document.createElement('div');
  const name = document.createElement('strong');
  name.textContent = strong;
  const more = document.createElement('span');
  more.className = 'muted';
  more.textContent = ` ${detail}`;
  text.append(name, more);
  item.append(text);
  return item;
}

// Nothing is revoked on one click: the row asks first.
function confirmRevoke(found, item) {
  const bar = document.createElement('div');
  bar.className = 'confirm';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Confirm revoke');
  const question = document.createElement('p');
  question.textContent = `Revoke “${found.name}”? Its player stops logging at once.`;
  const yes = button('Yes, revoke', 'danger');
  const keep = button('Keep it', 'secondary');
  keep.addEventListener('click', () => bar.remove());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await api('DELETE', `integrations/${encodeURIComponent(found.id)}`);
      say(`Revoked “${found.name}”.`);
      await loadIntegrations();
    } catch (error) {
      yes.disabled = false;
      if (error.status !== 401) say(error.message);
    }
  });
  bar.append(question, yes, keep);
  item.appendChild(bar);
  keep.focus();
}

async function loadIntegrations() {
  const found = await api('GET', 'integrations');
  document.getElementById('integrations-none').hidden = found.length > 0;
  document.getElementById('integrations-list').replaceChildren(...found.map((one) => {
    const sessions = one.sessions === 1 ? '1 session' : `${one.sessions ?? 0} sessions`;
    const item = row(one.name, `· ${SOURCES[one.source] || one.source} · created ` +
      `${day(one.created_at)} · last used ${day(one.last_used_at)} · ${sessions}`);
    const revoke = button('Revoke', 'danger');
    revoke.setAttribute('aria-label', `Revoke ${one.name}`);
    revoke.addEventListener('click', () => {
      if (!item.querySelector('.confirm')) confirmRevoke(one, item);
    });
    item.append(revoke);
    return item;
  }));
}

async function loadCaptures() {
  const { captures } = await api('GET', 'captures?state=ignored');
  document.getElementById('captures-none').hidden = captures.length > 0;
  document.getElementById('captures-list').replaceChildren(...captures.map((one) => {
    const item = row(one.title || 'Untitled', `· ${formatMinutes(one.counted_seconds / 60)} · ` +
      `${day(one.last_event_at || one.started_at)} · ${one.reason || 'not counted'}`);
    const count = button('Count it');
    count.addEventListener('click', async () => {
      count.disabled = true;
      try {
        await api('POST', `captures/${encodeURIComponent(one.id)}/accept`);
        say(`Counted “${one.title || 'the session'}”.`);
        await loadCaptures();
      } catch (error) {
        count.disabled = false;
        if (error.status !== 401) say(error.message);
      }
    });
    item.append(count);
    return item;
  }));
}

// The token is in the URL and is shown this once: it is never asked for again.
function showMade(made) {
  document.getElementById('integration-url').value = made.capture_url;
  document.getElementById('integration-token').value = made.token;
  document.getElementById('integration-copied').textContent = '';
  // The steps and the template are the API's, the same text the bot's /connect sends.
  document.getElementById('integration-steps').replaceChildren(...made.steps.map((step) => {
    const item = document.createElement('li');
    item.textContent = step;
    return item;
  }));
  document.getElementById('integration-template').textContent = made.template || '';
  document.getElementById('integration-template-part').hidden = !made.template;
  const box = document.getElementById('integration-made');
  box.hidden = false;
  document.getElementById('integration-url').focus();
}

function hideMade() {
  document.getElementById('integration-made').hidden = true;
  for (const id of ['integration-url', 'integration-token', 'integration-template']) {
    document.getElementById(id)[id === 'integration-template' ? 'textContent' : 'value'] = '';
  }
  document.getElementById('integration-steps').replaceChildren();
}

async function copy(event) {
  const pressed = event.currentTarget; // gone from the event once it has been dispatched
  const field = document.getElementById(pressed.dataset.copy);
  const note = document.getElementById('integration-copied');
  try {
    await navigator.clipboard.writeText(field.value);
    note.textContent = `${pressed.textContent.replace('Copy ', '')} copied.`;
  } catch {
    // No clipboard (an http page, a frame): the URL is selected for the learner to copy.
    field.select();
    note.textContent = 'Select and copy it by hand: the browser refused the clipboard.';
  }
}

export async function showConnect() {
  await Promise.all([loadIntegrations(), loadCaptures()]);
}

export function setUpConnect() {
  const form = document.getElementById('integration-form');
  const error = form.querySelector('[data-error]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    hideMade();
    const name = document.getElementById('integration-name');
    const body = { name: name.value.trim(), source: form.source.value };
    try {
      const made = await api('POST', 'integrations', { body });
      name.value = '';
      showMade(made);
      await loadIntegrations();
    } catch (failure) {
      if (failure.status !== 401) error.textContent = failure.message;
    }
  });
  for (const id of ['integration-copy', 'integration-copy-token']) {
    document.getElementById(id).addEventListener('click', copy);
  }
  document.getElementById('integration-done').addEventListener('click', hideMade);
  // Leaving the section forgets the token: it is not shown again on the way back.
  window.addEventListener('hashchange', () => {
    if (!window.location.hash.startsWith('#connect')) hideMade();
  });
}
