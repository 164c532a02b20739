-- Possible double entries: a record equal to an earlier one (by record id) of the same table in
-- every column but the record id (two staff typing the same paper report). One row per later
-- copy, naming the first record. activity_source holds every column of the four activity
-- tables (kind, detail, people, households are their own columns under shared names).
-- Candidates are found by a hash of the columns (one integer to group a million rows by),
-- then compared column by column.
with activity_hashed as (
    select activity as table_name, record_id, village_code, on_date, commune_code,
           commune_code_2025, model_id, kind, detail, people, households,
           hash(activity, on_date, village_code, model_id, kind, detail, people,
                households) as h
    from activity_source
),
incident_hashed as (
    select 'incidents' as table_name, record_id, village_code, occurred_on as on_date,
           commune_code, commune_code_2025, null as model_id, category as kind,
           field as detail, resolved::integer as people, 0 as households,
           hash(occurred_on, village_code, category, field, resolved) as h
    from incident_rows
),
hashed as (
    select * from activity_hashed
    union all
    select * from incident_hashed
),
candidates as (
    select * from hashed
    where h in (select h from hashed group by h having count(*) > 1)
),
copies as (
    select *,
        first_value(record_id) over same as first_record,
        row_number() over same as copy
    from candidates
    window same as (
        partition by table_name, on_date, village_code, model_id, kind, detail, people,
                     households
        order by record_id
    )
)
select
    'TRUNG-LAP' as check_id,
    'TRUNG-LAP:' || record_id as flag,
    table_name, record_id, first_record || ', ' || record_id as records, village_code,
    commune_code, commune_code_2025, on_date, report_month_text(report_month_no(on_date))
        as period,
    null::double as left_value, null::double as right_value, first_record
from copies
where copy > 1
order by on_date, record_id;
