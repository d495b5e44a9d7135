"""The local sync client: scans a library folder, syncs it through the REST API, cleans up."""
