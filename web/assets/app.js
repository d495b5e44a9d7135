// The page: signing in, the sections in the fragment (#history), the Telegram Mini App bridge.
import { api, basic, download, events, holdToken, holdsToken } from './api.js';
import { setUpConnect, showConnect } from './connect.js';
import { setUpImport, setUpLog, setUpSettings, loadSettings, showLog } from './forms.js';
import { showTitle } from './title.js';
import { resetHistory, setUpHistory, showHistory } from './history.js';
import { showOverview } from './overview.js';
import { setUpReview, showReview } from './review.js';
import { connect, insideTelegram, showBackButton, telegramApp } from './telegram.js';
import { learnZone } from './zone.js';

// The API's activities, in its order (handlers/service/activities.py; a test keeps them equal).
const ACTIVITIES = [
  'anime', 'tv', 'movie', 'video', 'livestream', 'podcast', 'audiobook', 'music', 'audio',
  'book', 'manga', 'visual_novel', 'reading', 'game', 'speaking', 'writing', 'other', 'anki',
];
const SECTIONS = ['overview', 'history', 'log', 'transfer', 'settings', 'title', 'review', 'connect'];
// Each gets the part of the fragment after its name: #history/2026-12-01, #review/2026,
// #title/anime/Frieren undecoded (a name may hold a "/") (the overview gets a /progress
// answer it may already have).
const LOADERS = {
  overview: showOverview, history: showHistory, log: showLog, settings: loadSettings,
  title: showTitle, review: showReview, connect: showConnect,
};
let telegram = null;
let signedIn = false;
let shown = null;

function say(text) {
  document.getElementById('status').textContent = text;
}

// [section, what follows its name] of the fragment: "#review/2026" → ['review', '2026'].
function place() {
  const fragment = window.location.hash.slice(1);
  const cut = fragment.indexOf('/');
  const name = cut < 0 ? fragment : fragment.slice(0, cut);
  let rest = cut < 0 ? null : fragment.slice(cut + 1);
  if (name === 'title') return rest ? ['title', rest] : ['overview', null];
  try { rest = rest === null ? null : decodeURIComponent(rest); } catch { /* kept as typed */ }
  return SECTIONS.includes(name) ? [name, rest] : ['overview', null];
}

function sectionFromHash() {
  return place()[0];
}

// The status line sits in the section on show, under its heading: a message is read where
// it was caused, and goes when the section does.
function moveStatus(name) {
  const status = document.getElementById('status');
  const heading = document.getElementById(name)?.querySelector('h2');
  if (heading && status.previousElementSibling !== heading) heading.after(status);
}

async function show(name, known = null) {
  // A message belongs to the section that said it.
  if (shown !== null && name !== shown) say('');
  shown = name;
  moveStatus(name);
  for (const id of ['signin', ...SECTIONS]) document.getElementById(id).hidden = id !== name;
  document.getElementById('nav').hidden = !signedIn;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.hash === `#${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (telegram) showBackButton(telegram, name !== 'overview' && name !== 'signin');
  const load = LOADERS[name];
  if (!load) return;
  try {
    await load(name === 'overview' ? known : place()[1]);
  } catch (error) {
    if (error.status !== 401) say(error.message);
  }
}

function route() {
  if (signedIn) show(sectionFromHash());
}

// Who is signed in, always on show beside Sign out.
function signedInAs(user) {
  signedIn = Boolean(user);
  resetHistory();
  document.getElementById('account-name').textContent = user || '';
  document.getElementById('account').hidden = !user;
}

// Nothing typed is lost: the sections stay in the page, only hidden, until signed in again.
function askToSignIn(message) {
  signedInAs(null);
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
    // Inside Telegram the cookie may never come back (a cross-site frame): hold a token.
    if (insideTelegram()) {
      const session = await api('POST', 'session/token', { headers: { Authorization: auth } });
      holdToken(session.token);
      signedInAs(session.user);
    } else {
      signedInAs((await api('POST', 'session', { headers: { Authorization: auth } })).user);
    }
    form.password.value = '';
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
  } catch { /* signed out here all the same */ } finally {
    holdToken(null);
    askToSignIn('Signed out.');
  }
}

// The account a session already open in this browser belongs to, or null.
async function currentUser() {
  try {
    return (await api('GET', 'session')).user;
  } catch {
    return null;
  }
}

// A live session is never replaced without asking: resolves true to switch accounts.
function askToSwitch(current, other) {
  const box = document.getElementById('switch-account');
  document.getElementById('switch-text').textContent =
    `This browser is signed in as ${current}; Telegram signs you in as ${other}.`;
  document.getElementById('switch-to').textContent = `Continue as ${other}`;
  document.getElementById('switch-stay').textContent = `Stay ${current}`;
  for (const id of ['signin', ...SECTIONS]) document.getElementById(id).hidden = true;
  box.hidden = false;
  return new Promise((resolve) => {
    const answer = (choice) => () => { box.hidden = true; resolve(choice); };
    document.getElementById('switch-to').onclick = answer(true);
    document.getElementById('switch-stay').onclick = answer(false);
  });
}

async function signInWithTelegram(current) {
  let session;
  try {
    session = await api('POST', 'session/telegram', { body: { init_data: telegram.initData } });
  } catch (error) {
    say(error.message);
    return current;
  }
  if (current && current !== session.user && !(await askToSwitch(current, session.user))) {
    // Only Telegram's new session ends; the browser's own cookie session stays as it was.
    fetch('api/session', {
      method: 'DELETE', credentials: 'omit', headers: { Authorization: `Bearer ${session.token}` },
    }).catch(() => {});
    return current;
  }
  holdToken(session.token);
  return session.user;
}

// With a token, an export link would go without it: the page fetches the file itself.
function downloadWithToken(event) {
  const link = event.target.closest && event.target.closest('a[href^="api/"][download]');
  if (!link || !holdsToken()) return;
  event.preventDefault();
  download(link.getAttribute('href').slice('api/'.length), link.getAttribute('download'))
    .catch((error) => say(error.message));
}

async function start() {
  document.getElementById('signin-form').addEventListener('submit', signIn);
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.addEventListener('click', downloadWithToken);
  events.addEventListener('signed-out', () => {
    if (signedIn) askToSignIn('Your session has ended; sign in again and carry on.');
  });
  window.addEventListener('hashchange', route);
  setUpHistory(ACTIVITIES);
  setUpLog(ACTIVITIES, () => showOverview().catch(() => {}));
  setUpSettings(() => showOverview().catch(() => {}));
  setUpImport();
  setUpReview();
  setUpConnect();
  try {
    telegram = await telegramApp();
  } catch {
    telegram = null; // whatever Telegram's script did, the page still signs in by password
  }
  if (window.location.hash.includes('tgWebAppData=')) {
    // Read (inside Telegram, by Telegram's script) or ignored: either way it must not linger.
    history.replaceState(null, '', window.location.pathname + window.location.search + '#overview');
  }
  if (telegram) {
    document.documentElement.classList.add('telegram');
    connect(telegram, () => history.back());
  }
  let user = await currentUser();
  if (telegram) user = await signInWithTelegram(user);
  signedInAs(user);
  if (signedIn) {
    await signedInNow();
    await show(sectionFromHash());
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

start().catch((error) => {
  // Whatever failed (storage blocked in a frame, a missing API), show the sign-in, not a blank.
  show('signin');
  say(error && error.message ? error.message : 'Something went wrong; reload the page.');
});
