"""How to connect each player: the steps and Jellyfin's template, one text for every door (pure)."""

from __future__ import annotations

JELLYFIN_TEMPLATE = """{"NotificationType":"{{NotificationType}}","UtcTimestamp":"{{UtcTimestamp}}",
"UserId":"{{UserId}}","NotificationUsername":"{{{NotificationUsername}}}",
"DeviceId":"{{DeviceId}}","ClientName":"{{{ClientName}}}",
"ItemId":"{{ItemId}}","ItemType":"{{ItemType}}","Name":"{{{Name}}}",
"SeriesName":"{{{SeriesName}}}","SeasonNumber":"{{SeasonNumber}}","EpisodeNumber":"{{EpisodeNumber}}",
"RunTimeTicks":"{{RunTimeTicks}}","PlaybackPositionTicks":"{{PlaybackPositionTicks}}",
"IsPaused":"{{IsPaused}}","PlayedToCompletion":"{{PlayedToCompletion}}",
"Played":"{{Played}}","SaveReason":"{{SaveReason}}",
"Provider_tvdb":"{{Provider_tvdb}}","Provider_tmdb":"{{Provider_tmdb}}","Provider_imdb":"{{Provider_imdb}}",
"Audio_0_Language":"{{Audio_0_Language}}","Audio_1_Language":"{{Audio_1_Language}}",
"Audio_2_Language":"{{Audio_2_Language}}","Audio_3_Language":"{{Audio_3_Language}}",
"Subtitle_0_Language":"{{Subtitle_0_Language}}","Subtitle_0_Default":"{{Subtitle_0_Default}}",
"Subtitle_1_Language":"{{Subtitle_1_Language}}","Subtitle_1_Default":"{{Subtitle_1_Default}}",
"Subtitle_2_Language":"{{Subtitle_2_Language}}","Subtitle_2_Default":"{{Subtitle_2_Default}}"}"""
"""The template of the Jellyfin webhook plugin's Generic destination: every value quoted."""

PLAYERS = {"jellyfin": "jellyfin", "plex": "plex", "emby": "emby", "mpv": "generic",
           "generic": "generic"}
"""The players a user connects, and the capture source each one posts to."""


def steps(player: str, url: str) -> list[str]:
    """The setup steps for ``player`` with its capture URL in them, one line each."""
    if player == "jellyfin":
        return [
            "Install the Webhook plugin (Dashboard → Plugins → Catalog → Webhook) and restart.",
            "Dashboard → Plugins → Webhook → Add Generic Destination.",
            f"Webhook URL: {url}",
            "Notification types: Playback Start, Playback Progress, Playback Stop, "
            "User Data Saved. Item types: Movies, Episodes, Videos. Send All Properties: off.",
            "Optional request header: Content-Type = application/json.",
            "Template: paste the template below, then Save.",
        ]
    if player == "plex":
        return [
            "Plex Web → Settings → Webhooks (needs Plex Pass) → Add Webhook.",
            f"URL: {url}",
            "Save. Plex sends no language, so every language counts unless you connect "
            "with require_language.",
        ]
    if player == "emby":
        return [
            "Emby → Settings → Webhooks (Notifications on Emby 4.9) → Add Webhook.",
            f"URL: {url}",
            "Events: Playback (start, pause, unpause, stop) and Mark played; on 4.9 choose "
            "Request Content Type application/json (older servers post a form: also fine).",
        ]
    return [
        "Start mpv with its IPC socket: mpv --input-ipc-server=/tmp/mpvsocket FILE "
        "(or input-ipc-server=/tmp/mpvsocket in mpv.conf).",
        f"Run the agent beside it: IMMERSION_TRACKER_CAPTURE_URL='{url}' "
        "immersion-tracker watch --mpv-socket /tmp/mpvsocket",
        "Events that cannot be sent wait on disk and go later (kept 30 days).",
    ]
