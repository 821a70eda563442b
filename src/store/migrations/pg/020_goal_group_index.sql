-- Twin of src/store/migrations/020_goal_group_index.sql: the goals of one
-- group of one regulation, read per trainee by store_edu_facts().
CREATE INDEX goal_grp_regulation ON goal (grp, regulation);
