-- Values unusual for their own village (docs/data-quality.md), two tests fit for small,
-- zero-heavy counts:
-- 1. How many sessions, patrols, signings, mediations or incidents a village has in a
--    reporting month, against the mean of its 12 months before (months without a row count
--    as 0; fewer months at the start of the data): flagged when P(X >= value) under a Poisson
--    law with that mean is below $alpha and the value is at least $min_count.
-- 2. The size of one record (people at a session or patrol, households signing), against the
--    median of the same village's records of that table in the 365 days before: flagged when
--    at least $ratio times that median, with at least $min_records records before.
-- Both need $min_history reporting months of data before the month checked.
with rows as (
    select activity as table_name, record_id, on_date, village_code, commune_code,
           commune_code_2025, people, households
    from activity_source
    union all
    select 'incidents', record_id, occurred_on, village_code, commune_code, commune_code_2025,
           0, 0
    from incident_rows
),
dated as (
    select *, report_period(on_date) as period,
           year(on_date) * 12 + month(on_date) + (day(on_date) >= 15)::integer as month_no
    from rows
),
counts as (
    select table_name, village_code, period, month_no, count(*)::double as value,
           max(record_id) as record_id, max(on_date) as on_date
    from dated
    group by table_name, village_code, period, month_no
),
starts as (
    select table_name, min(month_no) as first_month from dated group by table_name
),
history as (
    select
        c.*,
        coalesce(sum(c.value) over (
            partition by c.table_name, c.village_code order by c.month_no
            range between 12 preceding and 1 preceding), 0) as before_sum,
        least(12, c.month_no - s.first_month) as months_before
    from counts as c
    join starts as s using (table_name)
),
count_tests as (
    select *, before_sum / months_before as expected
    from history
    where months_before >= $min_history and value >= $min_count
),
count_flags as (
    select *,
        case when expected = 0 then 0.0 else list_sum(list_transform(
            range(value::bigint, value::bigint + 200),
            lambda i: exp(-expected + i * ln(expected) - lgamma(i + 1)))) end as tail
    from count_tests
    where value > expected
),
sizes as (
    select
        d.*,
        case d.table_name when 'commitments' then d.households else d.people end as value,
        median(case d.table_name when 'commitments' then d.households else d.people end)
            over before as usual,
        count(*) over before as records_before,
        d.month_no - s.first_month as months_before
    from dated as d
    join starts as s using (table_name)
    where d.table_name in ('outreach', 'patrols', 'commitments')
    window before as (
        partition by d.table_name, d.village_code order by d.on_date
        range between interval 365 days preceding and interval 1 day preceding)
)
select
    'BAT-THUONG-SO-LAN' as check_id,
    'BAT-THUONG-SO-LAN:' || f.table_name || ':' || f.village_code || ':' || f.period as flag,
    f.table_name, f.record_id,
    (select string_agg(d.record_id, ', ' order by d.record_id) from dated as d
     where d.table_name = f.table_name and d.village_code = f.village_code
       and d.month_no = f.month_no) as records,
    f.village_code, v.commune_code, v.commune_code_2025, f.on_date, f.period,
    f.value as left_value, round(f.expected, 2) as right_value
from count_flags as f
left join village_units as v on v.village_code = f.village_code
where f.tail < $alpha
union all
select
    'BAT-THUONG-QUY-MO', 'BAT-THUONG-QUY-MO:' || record_id, table_name, record_id, record_id,
    village_code, commune_code, commune_code_2025, on_date, period, value::double,
    usual::double
from sizes
where records_before >= $min_records and months_before >= $min_history
  and value >= $ratio * usual
order by on_date, record_id;
