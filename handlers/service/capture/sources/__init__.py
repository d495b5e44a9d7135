"""What each player posts, read into one event shape: Jellyfin, Plex, Emby, ours (pure)."""
