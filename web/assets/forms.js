// The Log, Import / export and Settings sections. A failed save keeps what was typed.
import { api, formatMinutes, localDate } from './api.js';

function errorOf(form) {
  return form.querySelector('[data-error]');
}

function say(text) {
  document.getElementById('status').textContent = text;
}

export function setUpLog(activities, afterLog) {
  const form = document.getElementById('log-form');
  for (const name of activities) form.activity.add(new Option(name.replace('_', ' '), name));
  form.date.value = localDate();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorOf(form).textContent = '';
    const body = { activity: form.activity.value, minutes: Number(form.minutes.value) };
    if (form.title.value.trim()) body.title = form.title.value.trim();
    if (form.date.value) body.date = form.date.value;
    try {
      const answer = await api('POST', 'log', { body });
      say(`Logged ${formatMinutes(answer.entry.minutes)}; today: ${formatMinutes(answer.today_minutes)}.`);
      form.minutes.value = '';
      form.title.value = '';
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
      document.getElementById('import-summary').textContent =
        `A ${found.format} file: ${found.added} entries (${formatMinutes(found.minutes_added)})` +
        ` from ${found.first_date ?? '—'} to ${found.last_date ?? '—'}; ` +
        `${found.skipped_duplicates} already here. Nothing is written until you confirm.`;
      document.getElementById('import-errors').replaceChildren(...found.errors.map((e) => {
        const item = document.createElement('li');
        item.textContent = `Line ${e.line}: ${e.message}`;
        return item;
      }));
      preview.hidden = false;
    } catch (error) {
      errorOf(form).textContent = error.message;
    }
  });
  document.getElementById('import-confirm').addEventListener('click', async () => {
    try {
      const done = await send(false);
      preview.hidden = true;
      say(`Imported ${done.added} entries (${formatMinutes(done.minutes_added)}).`);
    } catch (error) {
      errorOf(form).textContent = error.message;
    }
  });
}

function fill(form, s) {
  // Only what this server's settings hold is offered (older servers lack goals, reminders).
  for (const part of form.querySelectorAll('[data-setting]')) part.hidden = !(part.dataset.setting in s);
  form.timezone.value = s.timezone || '';
  form.daily_minutes.value = s.goals?.daily_minutes ?? '';
  form.weekly_minutes.value = s.goals?.weekly_minutes ?? '';
  form.reminder.checked = Boolean(s.reminder?.enabled);
  form.reminder_time.value = s.reminder?.time || '';
  form.digest.checked = Boolean(s.digest?.enabled);
  form.book.value = s.reading_speed?.book ?? '';
  form.visual_novel.value = s.reading_speed?.visual_novel ?? '';
  form.manga.value = s.reading_speed?.manga ?? '';
}

function number(input) {
  return input.value === '' ? null : Number(input.value);
}

function changes(form, current) {
  const body = { timezone: form.timezone.value.trim() };
  if ('goals' in current) {
    body.goals = { daily_minutes: number(form.daily_minutes), weekly_minutes: number(form.weekly_minutes) };
  }
  if ('reminder' in current) {
    body.reminder = { enabled: form.reminder.checked };
    if (form.reminder_time.value) body.reminder.time = form.reminder_time.value;
  }
  if ('digest' in current) body.digest = { ...current.digest, enabled: form.digest.checked };
  const speeds = {};
  for (const name of ['book', 'visual_novel', 'manga']) {
    if (form[name].value !== '') speeds[name] = Number(form[name].value);
  }
  body.reading_speed = speeds;
  return body;
}

export async function loadSettings() {
  const form = document.getElementById('settings-form');
  form.current = await api('GET', 'settings');
  fill(form, form.current);
}

export function setUpSettings(afterSave) {
  const form = document.getElementById('settings-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorOf(form).textContent = '';
    try {
      form.current = await api('PUT', 'settings', { body: changes(form, form.current || {}) });
      fill(form, form.current);
      say('Settings saved.');
      await afterSave();
    } catch (error) {
      if (error.status !== 401) errorOf(form).textContent = error.message;
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
