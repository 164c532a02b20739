-- The stored copy of every activity row (see materialize.sql), rebuilt on every load, sorted
-- by date so that a period filter skips whole row groups.
create or replace table stored.activity_rows as
select * from activities_union
order by on_date, activity, record_id;
