-- Fails (division by zero) when creating the probe function would fire someone's event trigger, code the guard did not
-- vet: the batch stops here, before the CREATE, and the guard resolves by name instead. A subquery, so that the
-- planner cannot fold it away.
SELECT 1 / (SELECT (count(*) = 0)::int FROM pg_event_trigger WHERE evtenabled <> 'D');
