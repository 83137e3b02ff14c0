-- review_indexes: since when the index scan counters count (pg_stat_database.stats_reset; null: since the cluster was created).
SELECT stats_reset FROM pg_stat_database WHERE datname = current_database();
