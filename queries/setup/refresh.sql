-- Run on every load (after materialize.sql once): the stored villages with their units, the
-- date-sorted copies of every activity and incident row (stamped with those units) and the
-- villages' Vietnamese order, rebuilt from the new tables in this order.
create or replace table stored.village_units as
select * from village_units_view;

create or replace table stored.activity_rows as
select * from activity_union
order by on_date, activity, record_id;

create or replace table stored.incident_rows as
select * from incident_rows_view
order by occurred_on, record_id;

create or replace table stored.village_order as
select
    village_code,
    row_number() over (
        order by commune_name collate vi, village_name collate vi, village_code
    ) as order_2024,
    row_number() over (
        order by commune_name_2025 collate vi, village_name collate vi, village_code
    ) as order_2025
from village_units;
