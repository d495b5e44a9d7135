"""Progress and statistics: the GET /progress body, /stats, the kept sums (store I/O)."""
