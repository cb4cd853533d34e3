-- Fills the LMS tables: :rows users (1 in 20 a teacher, a third without a theme) and two
-- grades per student, a few of them out of the 0..100 range. Run with psql -v rows=N.
INSERT INTO users (email, name, role, theme)
SELECT 'user' || g || '@example.com',
       'User ' || g,
       CASE WHEN g % 20 = 0 THEN 'teacher' ELSE 'student' END,
       CASE g % 3 WHEN 0 THEN 'dark' WHEN 1 THEN 'light' END
FROM generate_series(1, :rows) AS g;

INSERT INTO grades (student_id, course, score)
SELECT u.id, c.course, CASE WHEN u.id % 97 = 0 THEN 105 WHEN u.id % 89 = 0 THEN -3 ELSE (u.id * 7 + length(c.course)) % 101 END
FROM users u CROSS JOIN (VALUES ('math'), ('history')) AS c(course)
WHERE u.role = 'student';

ANALYZE users;
ANALYZE grades;
