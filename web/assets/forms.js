// The Log, Import / export and Settings sections. A failed save keeps what was typed.
import { api, formatMinutes } from './api.js';
import { activityName } from './names.js';
import { haptic } from './telegram.js';
import { dayOf, setAccountZone } from './zone.js';

// The API's groups, in its order (handlers/service/activities.py GROUPS).
const GROUPS = ['watching', 'listening', 'reading', 'other'];

function errorOf(form) {
  return form.querySelector('[data-error]');
}

function say(text) {
  document.getElementById('status').textContent = text;
}

// Today in the account's zone, unless the learner picked another day.
export function showLog() {
  const date = document.getElementById('log-date');
  const today = dayOf();
  date.max = today;
  if (!date.dataset.picked) date.value = today;
}

export function setUpLog(activities, afterLog) {
  const form = document.getElementById('log-form');
  for (const name of activities) form.activity.add(new Option(activityName(name), name));
  form.date.addEventListener('change', () => { form.date.dataset.picked = 'true'; });
  showLog();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // A refusal must not stand beside the success of an earlier log.
    say('');
    errorOf(form).textContent = '';
    const body = { activity: form.activity.value };
    if (form.minutes.value !== '') body.minutes = Number(form.minutes.value);
    if (form.amount.value !== '') {
      body.amount = Number(form.amount.value);
      body.unit = form.unit.value;
    }
    if (form.title.value.trim()) body.title = form.title.value.trim();
    if (form.note.value.trim()) body.note = form.note.value.trim();
    if (form.date.value) body.date = form.date.value;
    try {
      const answer = await api('POST', 'log', { body });
      say(`Logged ${formatMinutes(answer.entry.minutes)}; today: ${formatMinutes(answer.today_minutes)}.`);
      haptic('success');
      for (const field of [form.minutes, form.amount, form.title, form.note]) field.value = '';
      await afterLog();
    } catch (error) {
      if (error.status !== 401) errorOf(form).textContent = error.message;
    }
  });
}

export function setUpImport() {
  const form = document.getElementById('import-form');
  const preview = document.getElementById('import-preview');
  let file = null;
  const send = (dryRun) => api('POST', `import?format=auto&dry_run=${dryRun}`, {
    body: file, raw: true, headers: { 'Content-Type': 'application/octet-stream' },
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorOf(form).textContent = '';
    preview.hidden = true;
    [file] = form.file.files;
    try {
      const found = await send(true);
      const changes = found.added + (found.replaced ?? 0);
      document.getElementById('import-summary').textContent = (changes === 0
        ? `A ${found.format} file with nothing new to import ` +
          `(${found.skipped_duplicates} entries already here).`
        : `A ${found.format} file: ${found.added} entries (${formatMinutes(found.minutes_added)})` +
          ` from ${found.first_date ?? '—'} to ${found.last_date ?? '—'}; ` +
          `${found.skipped_duplicates} already here. Nothing is written until you confirm.`) +
        (found.notes ?? []).map((note) => ` ${note}`).join('');
      document.getElementById('import-errors').replaceChildren(...found.errors.map((e) => {
        const item = document.createElement('li');
        item.textContent = `Line ${e.line}: ${e.message}`;
        return item;
      }));
      // Nothing new or newer: there is nothing to confirm.
      document.getElementById('import-confirm').hidden = changes === 0;
      preview.hidden = false;
    } catch (error) {
      errorOf(form).textContent = error.message;
    }
  });
  document.getElementById('import-confirm').addEventListener('click', async () => {
    try {
      const done = await send(false);
      preview.hidden = true;
      say(`Imported ${done.added} entries (${formatMinutes(done.minutes_added)}).` +
        (done.notes ?? []).map((note) => ` ${note}`).join(''));
    } catch (error) {
      errorOf(form).textContent = error.message;
    }
  });
}

function groupGoalInputs() {
  const box = document.getElementById('settings-groups');
  const head = (text) => Object.assign(document.createElement('span'), { textContent: text });
  box.append(head(''), head('Daily'), head('Weekly'));
  for (const group of GROUPS) {
    const name = group[0].toUpperCase() + group.slice(1);
    box.append(head(name));
    for (const [period, top] of [['daily', 1440], ['weekly', 10080]]) {
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', min: '1', max: String(top), name: `${group}_${period}` });
      input.setAttribute('aria-label', `${name} goal, minutes a ${period === 'daily' ? 'day' : 'week'}`);
      box.append(input);
    }
  }
}

function fill(form, s) {
  // Only what this server's settings hold is offered (older servers lack goals, reminders).
  for (const part of form.querySelectorAll('[data-setting]')) part.hidden = !(part.dataset.setting in s);
  if (s.timezone) setAccountZone(s.timezone);
  form.timezone.value = s.timezone || '';
  form.languages.value = (s.languages || []).join(', ');
  form.daily_minutes.value = s.goals?.daily_minutes ?? '';
  form.weekly_minutes.value = s.goals?.weekly_minutes ?? '';
  for (const group of GROUPS) {
    const goals = s.goals?.by_group?.[group] || {};
    form[`${group}_daily`].value = goals.daily_minutes ?? '';
    form[`${group}_weekly`].value = goals.weekly_minutes ?? '';
  }
  form.reminder.checked = Boolean(s.reminder?.enabled);
  form.reminder_time.value = s.reminder?.time || '';
  form.digest.checked = Boolean(s.digest?.enabled);
  form.book.value = s.reading_speed?.book ?? '';
  form.visual_novel.value = s.reading_speed?.visual_novel ?? '';
  form.manga.value = s.reading_speed?.manga ?? '';
}

// "ja, ko" or "ja ko" → ['ja', 'ko']; the API names a code it does not know.
function languagesTyped(form) {
  return form.languages.value.split(/[\s,;]+/).filter(Boolean);
}

function number(input) {
  return input.value === '' ? null : Number(input.value);
}

// A merge patch (PUT /settings): what the form shows; null clears a goal or a speed.
function changes(form, current) {
  const body = {};
  // Sent only when changed: saving must not pin the deployment's defaults as choices.
  // An emptied field is null: the account takes the deployment's zone again.
  if (form.timezone.value.trim() !== (current.timezone || '')) body.timezone = form.timezone.value.trim() || null;
  const languages = languagesTyped(form);
  if ('languages' in current && languages.join(',') !== (current.languages || []).join(',')) {
    body.languages = languages;
  }
  if ('goals' in current) {
    const byGroup = {};
    for (const group of GROUPS) {
      byGroup[group] = {
        daily_minutes: number(form[`${group}_daily`]),
        weekly_minutes: number(form[`${group}_weekly`]),
      };
    }
    body.goals = {
      daily_minutes: number(form.daily_minutes),
      weekly_minutes: number(form.weekly_minutes),
      by_group: byGroup,
    };
  }
  if ('reminder' in current) {
    body.reminder = { enabled: form.reminder.checked };
    if (form.reminder_time.value) body.reminder.time = form.reminder_time.value;
  }
  if ('digest' in current) body.digest = { ...current.digest, enabled: form.digest.checked };
  const speeds = {};
  for (const name of ['book', 'visual_novel', 'manga']) {
    if (form[name].value !== String(current.reading_speed?.[name] ?? '')) speeds[name] = number(form[name]);
  }
  body.reading_speed = speeds;
  return body;
}

// The fields take input only once they show the saved values: typed earlier, it would be
// overwritten when they arrive (and a save in between would send half a form).
function fields() {
  return document.getElementById('settings-fields');
}

export async function loadSettings() {
  const form = document.getElementById('settings-form');
  fields().disabled = true;
  form.current = await api('GET', 'settings');
  fill(form, form.current);
  fields().disabled = false;
}

export function setUpSettings(afterSave) {
  const form = document.getElementById('settings-form');
  groupGoalInputs();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('');
    errorOf(form).textContent = '';
    const languageError = document.getElementById('settings-languages-error');
    const zoneError = document.getElementById('settings-timezone-error');
    languageError.textContent = '';
    zoneError.textContent = '';
    const body = changes(form, form.current || {});
    try {
      fields().disabled = true;
      try {
        form.current = await api('PUT', 'settings', { body });
        fill(form, form.current);
      } finally {
        fields().disabled = false;
      }
      say('Settings saved.');
      await afterSave();
    } catch (error) {
      if (error.status === 401) return;
      // A refused field's message goes beside it: the API names languages first
      // ("languages: …"); a refused zone is the only one sent that speaks of a time zone.
      const field = error.status !== 400 ? null
        : error.message.startsWith('languages:') ? form.languages
          : 'timezone' in body && /^timezone:|time zone/.test(error.message) ? form.timezone
            : null;
      const beside = { languages: languageError, timezone: zoneError }[field?.name];
      (beside || errorOf(form)).textContent = error.message;
      if (field) field.focus();
    }
  });
  document.getElementById('link-code').addEventListener('click', async () => {
    const out = document.getElementById('link-code-text');
    try {
      const { code, expires_in: seconds } = await api('POST', 'linkcode');
      out.textContent = `Send the bot: /link ${code} (valid for ${Math.round(seconds / 60)} minutes).`;
    } catch (error) {
      out.textContent = error.message;
    }
  });
}
