"""Reader and study-tool statistics (ttu, mokuro, exSTATic, KOReader, Anki), imported in place."""
