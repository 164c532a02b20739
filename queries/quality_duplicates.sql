-- Possible double entries: a record equal to an earlier one (by record id) of the same table in
-- every column but the record id (two staff typing the same paper report). One row per later
-- copy, naming the first record. activity_source holds every column of the four activity
-- tables (kind, detail, people, households are their own columns under shared names).
with activity_copies as (
    select
        activity as table_name, record_id, village_code, on_date, commune_code,
        commune_code_2025,
        first_value(record_id) over same as first_record,
        row_number() over same as copy
    from activity_source
    window same as (
        partition by activity, on_date, village_code, model_id, kind, detail, people,
                     households
        order by record_id
    )
),
incident_copies as (
    select
        'incidents' as table_name, record_id, village_code, occurred_on as on_date,
        commune_code, commune_code_2025,
        first_value(record_id) over same as first_record,
        row_number() over same as copy
    from incident_rows
    window same as (
        partition by occurred_on, village_code, category, field, resolved order by record_id
    )
),
copies as (
    select * from activity_copies where copy > 1
    union all
    select * from incident_copies where copy > 1
)
select
    'TRUNG-LAP' as check_id,
    'TRUNG-LAP:' || record_id as flag,
    table_name, record_id, first_record || ', ' || record_id as records, village_code,
    commune_code, commune_code_2025, on_date, report_period(on_date) as period,
    null::double as left_value, null::double as right_value, first_record
from copies
order by on_date, record_id;
