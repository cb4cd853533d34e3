CREATE TABLE pgshift.half_done (id int);
SELECT 1/0;
