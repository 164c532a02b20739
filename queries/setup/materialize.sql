-- Run once per database, after views.sql: the tables live compressed in the attached database
-- `stored` (antt/store.py), and the views `village_units`, `activity_source` and
-- `incident_rows` of views.sql become stored copies (the views are kept as village_units_view,
-- activity_union and incident_rows_view), refreshed by refresh.sql on every load. Same rows
-- and columns; the activity and incident rows are date-sorted, so a dashboard query reads only
-- the row groups of its period and needs no join to models or villages (1M rows, all
-- communes: kpis 590 ms -> 26 ms -> 14 ms; issue 8), and a query that lists villages reads one
-- table instead of joining three (~1 ms a query).
alter view village_units rename to village_units_view;

create table stored.village_units as
select * from village_units_view
limit 0;

create view village_units as
select * from stored.village_units;

alter view activity_source rename to activity_union;

create table stored.activity_rows as
select * from activity_union
limit 0;

create view activity_source as
select * from stored.activity_rows;

alter view incident_rows rename to incident_rows_view;

create table stored.incident_rows as
select * from incident_rows_view
limit 0;

create view incident_rows as
select * from stored.incident_rows;

-- Each village's place in Vietnamese order (commune, then village) in both unit sets,
-- refreshed by refresh.sql on every load: queries order by these integers instead of
-- sorting names with `collate vi` each time (16.666 villages: 11-15 ms a query).
create table stored.village_order as
select
    village_code,
    0::bigint as order_2024,
    0::bigint as order_2025
from village_units
limit 0;

create view village_order as
select * from stored.village_order;
