-- Rows, date range and totals of each activity and incident table (whole data, no filter):
-- one row per table, for `python -m antt check` and the data page.
-- params: none
with tables as (
    select 'outreach' as table_name, count(*)::bigint as records, min(held_on) as first_on,
           max(held_on) as last_on, coalesce(sum(attendees), 0)::bigint as people,
           0::bigint as households
    from outreach
    union all
    select 'patrols', count(*), min(held_on), max(held_on), coalesce(sum(participants), 0), 0
    from patrols
    union all
    select 'commitments', count(*), min(signed_on), max(signed_on), 0, coalesce(sum(households), 0)
    from commitments
    union all
    select 'mediations', count(*), min(held_on), max(held_on), 0, 0
    from mediations
    union all
    select 'incidents', count(*), min(occurred_on), max(occurred_on), 0, 0
    from incidents
    union all
    select 'models', count(*), min(established_on), max(established_on), 0, 0
    from models
)

-- the sums of later branches are HUGEINT: one type for every row
select table_name, records, first_on, last_on, people::bigint as people,
       households::bigint as households
from tables
