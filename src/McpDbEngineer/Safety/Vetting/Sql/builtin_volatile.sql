-- Which of these names ($1) belong to a built-in function that PostgreSQL declares VOLATILE: it may have effects
-- beyond computing its result. Only built-ins (oid below 16384): every other function is vetted by what it is.
SELECT DISTINCT p.proname
FROM pg_proc p
WHERE p.oid < 16384 AND p.provolatile = 'v' AND p.proname = ANY ($1);
