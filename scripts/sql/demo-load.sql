-- A light OLTP load of the application that does not know the new columns yet: reads, updates
-- and inserts on users. Run by pgbench: pgbench -n -f demo-load.sql -D maxid=N -R RATE -T SECS
\set id random(1, :maxid)
SELECT email, theme FROM users WHERE id = :id;
UPDATE users SET theme = CASE WHEN random() < 0.5 THEN 'dark' ELSE 'light' END WHERE id = :id;
INSERT INTO users (email, name) VALUES ('load-' || :client_id || '-' || :id || '-' || (random() * 1e9)::bigint || '@example.com', 'Load');
