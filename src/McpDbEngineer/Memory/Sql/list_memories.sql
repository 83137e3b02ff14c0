-- A listing, newest first: the filter's $1..$8, then $9 how many.
SELECT id FROM candidates ORDER BY created_at DESC LIMIT $9
