// The page: signing in, the sections in the fragment (#history), the Telegram Mini App bridge.
import { api, basic, events } from './api.js';
import { setUpImport, setUpLog, setUpSettings, loadSettings, showLog } from './forms.js';
import { loadHistory, setUpHistory } from './history.js';
import { showOverview } from './overview.js';
import { applyTheme, connect, launchParams, showBackButton } from './telegram.js';
import { learnZone } from './zone.js';

// The API's activities, in its order (handlers/service/activities.py; a test keeps them equal).
const ACTIVITIES = [
  'anime', 'tv', 'movie', 'video', 'livestream', 'podcast', 'audiobook', 'music', 'audio',
  'book', 'manga', 'visual_novel', 'reading', 'game', 'speaking', 'writing', 'other',
];
const SECTIONS = ['overview', 'history', 'log', 'transfer', 'settings'];
const LOADERS = { overview: showOverview, history: loadHistory, log: showLog, settings: loadSettings };
const telegram = launchParams();
let signedIn = false;
let shown = null;

function say(text) {
  document.getElementById('status').textContent = text;
}

function sectionFromHash() {
  const name = window.location.hash.slice(1);
  return SECTIONS.includes(name) ? name : 'overview';
}

async function show(name, known = null) {
  // A message belongs to the section that said it.
  if (shown !== null && name !== shown) say('');
  shown = name;
  for (const id of ['signin', ...SECTIONS]) document.getElementById(id).hidden = id !== name;
  document.getElementById('nav').hidden = !signedIn;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.hash === `#${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (telegram) showBackButton(name !== 'overview' && name !== 'signin');
  const load = LOADERS[name];
  if (!load) return;
  try {
    await load(known);
  } catch (error) {
    if (error.status !== 401) say(error.message);
  }
}

function route() {
  if (signedIn) show(sectionFromHash());
}

// Nothing typed is lost: the sections stay in the page, only hidden, until signed in again.
function askToSignIn(message) {
  signedIn = false;
  show('signin');
  say(message);
  document.getElementById('signin-user').focus();
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector('[data-error]');
  error.textContent = '';
  try {
    const auth = basic(form.user.value.trim(), form.password.value);
    await api('POST', 'session', { headers: { Authorization: auth } });
    form.password.value = '';
    signedIn = true;
    say('');
    await signedInNow();
    await show(sectionFromHash());
  } catch (failure) {
    error.textContent = failure.status === 403
      ? 'That user name and password do not match.'
      : failure.message;
  }
}

async function signOut() {
  try {
    await api('DELETE', 'session');
  } finally {
    askToSignIn('Signed out.');
  }
}

async function start() {
  document.getElementById('signin-form').addEventListener('submit', signIn);
  document.getElementById('sign-out').addEventListener('click', signOut);
  events.addEventListener('signed-out', () => {
    if (signedIn) askToSignIn('Your session has ended; sign in again and carry on.');
  });
  window.addEventListener('hashchange', route);
  setUpHistory(ACTIVITIES);
  setUpLog(ACTIVITIES, () => showOverview().catch(() => {}));
  setUpSettings(() => showOverview().catch(() => {}));
  setUpImport();
  if (telegram) {
    document.documentElement.classList.add('telegram');
    applyTheme(telegram.theme);
    connect(() => history.back());
    try {
      await api('POST', 'session/telegram', { body: { init_data: telegram.initData } });
      signedIn = true;
    } catch (error) {
      say(error.message);
    }
  }
  let progress = null;
  if (!signedIn) {
    try {
      // Whether a session is still open, and the overview's figures in the same request.
      progress = await api('GET', 'progress');
      signedIn = true;
    } catch {
      signedIn = false;
    }
  }
  if (signedIn) {
    await signedInNow();
    await show(sectionFromHash(), progress);
  } else {
    show('signin');
  }
}

// Dates need the account's zone before anything is drawn; the page redraws after a switch.
async function signedInNow() {
  try {
    await learnZone(() => show(sectionFromHash()));
  } catch (error) {
    if (error.status !== 401) say(error.message);
  }
}

start();
