CREATE TABLE pgshift.extra_table (id int);
INSERT INTO pgshift.extra_table VALUES (1);
