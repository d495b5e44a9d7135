"""The slash commands and the "Log this link" message command (store I/O through the service).

Each handler parses its options, calls the same service methods as the Telegram bot and
answers with the shared reply texts; anything slower than Discord's three seconds
(providers, the chart, the export) is deferred.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.chat_replies import full_progress, links_reply, log_reply, period_stats, watched_text
from bot.command_texts import PERIOD_HINT, PERIODS, chart_for, goals_text, period_text
from bot.discord import whole_shows
from bot.discord.answers import DANGER, SECONDARY, Attachment, Button, Reply, refusal
from bot.discord.buttons import entry_row, undo_rows
from bot.discord.calls import Call, Later, Outcome
from bot.entries import entry_token
from bot.formatting import short, show_set_text
from bot.whole_show_texts import shared_collection
from handlers.service import (
    InvalidInput,
    MessageLinks,
    parse_goal_words,
    show_activity,
    watched_part,
)

HELP = "\n".join((
    "<b>Immersion Tracker</b>",
    "/log text: 25m anime Frieren — log anything: 1h30 podcast, 2ep anime, 40p manga, "
    "12000c vn; add yesterday, -2d or 2026-11-28 to backdate; a YouTube or Spotify link "
    "logs it",
    "/progress [period] — your statistics and chart (today, week, month, year, all)",
    "/history — your latest entries, to edit or delete",
    "/undo — remove the last thing logged from a chat",
    "/goal text: 60m daily | 5h weekly reading | off — goals",
    "/timezone zone: Area/City — your time zone",
    "/setshow tvdb_id: 270065 [folder: …] [activity: anime] — attach TVDB metadata to a "
    "show; activity anime counts its episodes as anime",
    "/export — your data as two files",
    "/digest text: on | off | Monday 09:00, /remind time: 20:00 | off — by direct message",
    "/leaderboard show|join|leave — this server's leaderboard, for those who join",
    "A message's Apps menu → <b>Log this link</b> — log a shared YouTube/Spotify link; a "
    "whole show or playlist offers Log all",
    "/link code: ABCDE-FGHJK, /unlink — connect this Discord account",
))
LINK_HINT = ("That message holds no YouTube or Spotify link to log (a video, an episode, a "
             "playlist or a show).")


def help_command(call: Call, user: str) -> Outcome:
    status = (f"Linked as <b>{escape(user)}</b>." if user else
              "Not linked yet: get a code with <code>immersion-tracker users link-code "
              "YOUR_NAME</code> and send <code>/link CODE</code>.")
    return Reply(f"{HELP}\n\n{status}", ephemeral=True)


def link(call: Call, _user: str) -> Outcome:
    code = call.option("code")
    if not code:
        return refusal("Send /link with the code the command line or the web page gave you.")
    linked = call.service.links.redeem(code, call.interaction.user_id, "discord")
    return Reply(f"✅ Linked as <b>{escape(linked.user)}</b>. Log with /log, or share a "
                 "link and use Log this link.", ephemeral=True)


def unlink(call: Call, _user: str) -> Outcome:
    unlinked = call.service.links.unlink(call.interaction.user_id, "discord")
    if unlinked.user is None:
        return Reply("This Discord account is not linked.", ephemeral=True)
    return Reply(f"Unlinked from <b>{escape(unlinked.user)}</b>.", ephemeral=True)


def log(call: Call, user: str) -> Outcome:
    text, service = call.option("text"), call.service
    if _has_links(service.links_in(text)):
        return Later(lambda: _log_links(call, user, text))
    logged = service.logbook.log_text(user, text, "bot")
    token = entry_token(logged.entry.id)
    return Reply(log_reply(service, user, logged), rows=(entry_row(token, undo=True),))


def _log_links(call: Call, user: str, text: str) -> Reply:
    service = call.service
    if service.links_in(text).short_links:
        text = service.expand_short_links(text)
    links = service.links_in(text)
    if not links.loggable:
        shared = shared_collection(links)
        return refusal(LINK_HINT) if shared is None else whole_shows.offer(call, user, *shared)
    single = len(links.youtube_video_ids) + len(links.spotify_episode_ids) == 1
    if single and watched_part(text).given:
        return _log_watched(call, user, text)
    logged = service.log_links(user, text)
    return Reply(links_reply(service, user, logged.report, logged.today_minutes),
                 rows=undo_rows(logged.report, logged.undo_id))


def _log_watched(call: Call, user: str, text: str) -> Reply:
    """One link with the part watched (``20m``, ``&t=``) or a day word, as Telegram logs it."""
    service = call.service
    logged = service.log_watched(user, text)
    entry = logged.entry
    if entry is None:
        return Reply(links_reply(service, user, logged.report, logged.today_minutes))
    row = (entry_row(entry_token(entry.id), undo=True),)
    if logged.needs_minutes:
        return Reply(f"How long did you watch <b>{short(entry.title, 60)}</b>? Press Edit "
                     "and fill in the minutes.", rows=row)
    return Reply(watched_text(service, user, entry, logged.report.added[0].duration_seconds,
                              logged.today_minutes), rows=row)


def log_this_link(call: Call, user: str) -> Outcome:
    """The message command: log the target message's links for whoever invoked it."""
    text = call.interaction.target_text
    if not _has_links(call.service.links_in(text)):
        return refusal(LINK_HINT)
    return Later(lambda: _log_links(call, user, text))


def _has_links(links: MessageLinks) -> bool:
    """Whether a text has links to log or offer (a show, a playlist), or short links to
    resolve first: all of them call the providers, so the answer is deferred."""
    return links.loggable or links.short_links or links.collections


def progress(call: Call, user: str) -> Outcome:
    word = call.option("period").lower()
    if word and word not in PERIODS:
        raise InvalidInput(PERIOD_HINT)
    if word:
        stats = period_stats(call.service, user, word)
        return Reply(period_text(stats, PERIODS[word][2]))
    return Later(lambda: _progress_with_chart(call, user))


def _progress_with_chart(call: Call, user: str) -> Reply:
    text, stats, weekday = full_progress(call.service, user)
    png = chart_for(stats, weekday)  # matplotlib loads here, never at import
    return Reply(text, files=(Attachment("progress.png", png, "image/png"),))


def history(call: Call, user: str) -> Outcome:
    # The buttons' module (and the notices and forms it names) loads with /history, not
    # with every command: a cold Lambda answering /log never needs it.
    from bot.discord.components import history_reply

    return history_reply(call.service, user, 0, update=False)


def undo(call: Call, user: str) -> Outcome:
    entry = call.service.latest_undo(user)
    if entry is None:
        return Reply("Nothing to undo.", ephemeral=True)
    buttons = (Button("Yes, remove it", f"undo:{entry.undo_id}:{entry.index}", DANGER),
               Button("Keep it", "undo-keep", SECONDARY))
    return Reply(f"Remove <b>{short(entry.title)}</b>?", ephemeral=True, rows=(buttons,))


def goal(call: Call, user: str) -> Outcome:
    goals, words = call.service.goals, call.option("text").split()
    if not words:
        return Reply(goals_text(goals.goals(user)), ephemeral=True)
    if [w.lower() for w in words] == ["off"]:
        goals.clear_goals(user)
        return Reply("Goals cleared.", ephemeral=True)
    scope, period, minutes = parse_goal_words(words)
    return Reply(goals_text(goals.set_goal(user, scope, period, minutes)), ephemeral=True)


def timezone(call: Call, user: str) -> Outcome:
    name, service = call.option("zone"), call.service
    if not name:
        return Reply(f"Your time zone is <b>{service.timezone(user).key}</b>. Change it with "
                     "<code>/timezone zone: Area/City</code>.", ephemeral=True)
    tz = service.set_timezone(user, name)
    local = datetime.fromtimestamp(service.now_epoch(), tz).strftime("%H:%M")
    return Reply(f"Time zone set to <b>{tz.key}</b> (it is {local} there).", ephemeral=True)


def setshow(call: Call, user: str) -> Outcome:
    folder, value = call.option("folder"), call.interaction.options.get("tvdb_id")
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise InvalidInput("Give the series' TVDB id, for example /setshow tvdb_id: 270065.")
    said = call.option("activity")
    activity = show_activity(said) if said else None
    service = call.service
    if not folder:
        pending = [s["folder_name"] for s in service.shows(user) if s.get("tvdb_id") is None]
        if len(pending) != 1:
            raise InvalidInput(f"{len(pending)} of your shows lack metadata; name one with "
                               "the folder option.")
        folder = pending[0]
    return Later(lambda: _apply_show(call, user, folder, value, activity), ephemeral=True)


def _apply_show(call: Call, user: str, folder: str, tvdb_id: int, activity: str | None) -> Reply:
    show = call.service.update_show(user, folder, tvdb_id, activity)
    return Reply(show_set_text(folder, show, tvdb_id, activity))


def export(call: Call, user: str) -> Outcome:
    return Later(lambda: _export_files(call, user), ephemeral=True)


def _export_files(call: Call, user: str) -> Reply:
    port = call.service.portability
    files = tuple(Attachment(f"immersion-{user}.{name}", "".join(chunks(user)).encode("utf-8"),
                             kind)
                  for name, chunks, kind in (
                      ("jsonl", port.export_jsonl, "application/jsonl"),
                      ("csv", port.export_csv, "text/csv")))
    return Reply("Your data: every item as stored (JSON Lines) and your history (CSV).",
                 files=files)
