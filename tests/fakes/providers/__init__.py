"""Fakes of TVDB, YouTube, Spotify and TMDB for tests and benchmarks, one module per provider.

They answer with the documented shapes of ``spec/providers.md`` and its fixture table,
either in-process (``ProviderFake().mock_transport()``, for unit tests) or on a loopback
port (``with ProviderFake(latency=0.05) as fake``, for integration and e2e tests and
benchmarks)::

    env = fake.environment()        # IMMERSION_TRACKER_* base URLs and dummy credentials
    fake.url                        # http://127.0.0.1:<port> (MOCK_URL when not started)
    fake.calls.count("youtube.videos")
    fake.inject("spotify.episode", "429", count=2, retry_after=1)

Endpoints (names used by the call log and fault injection): ``tvdb.login``,
``tvdb.series``, ``tvdb.movie``, ``tvdb.search``; ``youtube.videos``,
``youtube.channels``; ``spotify.token``, ``spotify.episode``, ``spotify.show``,
``spotify.show_episodes``; ``tmdb.movie``. Each provider module documents its own
credentials and synthetic entries.
"""

from tests.fakes.providers.exchange import Call, CallLog
from tests.fakes.providers.fake import MOCK_URL, Fault, ProviderFake
from tests.fakes.providers.spotify import (
    FAKE_SHOW_ID,
    MIKU_SHOW_ID,
    SPOTIFY_CLIENT_ID,
    SPOTIFY_CLIENT_SECRET,
)
from tests.fakes.providers.tmdb import TMDB_READ_ACCESS_TOKEN
from tests.fakes.providers.tvdb import TVDB_API_KEY
from tests.fakes.providers.youtube import YOUTUBE_API_KEY, synthetic_channel_id

__all__ = [
    "FAKE_SHOW_ID", "MIKU_SHOW_ID", "MOCK_URL", "SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET",
    "TMDB_READ_ACCESS_TOKEN", "TVDB_API_KEY", "YOUTUBE_API_KEY", "Call", "CallLog", "Fault",
    "ProviderFake", "synthetic_channel_id",
]
