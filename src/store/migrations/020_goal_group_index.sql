-- The goals of one group of one regulation (the BT goals a trainee's
-- record counts): read per trainee by store_edu_facts() (Att göra, the
-- education plan). Without it PostgreSQL scans a regulation's 700-odd
-- goals once per trainee. src/store/migrations/pg/020_goal_group_index.sql
-- is its PostgreSQL twin.
CREATE INDEX goal_grp_regulation ON goal (grp, regulation);
