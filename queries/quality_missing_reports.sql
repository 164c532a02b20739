-- "Có thể thiếu báo cáo": a commune (2024 unit) with no activity or incident row in a run of at
-- least $min_run reporting months in a row, when it had rows in at least $usual_months of the
-- 12 months before the run. One row per commune and month of such a run, months between the
-- data's first and last month (a month after the last row is not yet reported, not missing).
with rows as (
    select commune_code, on_date from activity_source
    union all
    select commune_code, occurred_on from incident_rows
),
numbered as (
    select commune_code, report_month_no(on_date) as month_no
    from rows
),
span as (
    select min(month_no) as first_month, max(month_no) as last_month from numbered
),
active as (
    select distinct commune_code, month_no from numbered
),
grid as (
    select c.commune_code, m.month_no, a.month_no is not null as has_rows
    from communes as c
    cross join span
    cross join lateral (select unnest(range(span.first_month, span.last_month + 1)) as month_no)
        as m
    left join active as a on a.commune_code = c.commune_code and a.month_no = m.month_no
),
runs as (
    select *,
        month_no - row_number() over (partition by commune_code, has_rows order by month_no)
            as run_id
    from grid
),
empty_runs as (
    select commune_code, run_id, min(month_no) as run_start, count(*) as run_length
    from runs
    where not has_rows
    group by commune_code, run_id
    having count(*) >= $min_run
),
usual as (
    select e.*, (
        select count(*) from active as a
        where a.commune_code = e.commune_code
          and a.month_no between e.run_start - 12 and e.run_start - 1
    ) as months_with_rows
    from empty_runs as e
),
flagged as (
    select r.commune_code, r.month_no, u.run_length, u.months_with_rows
    from runs as r
    join usual as u using (commune_code, run_id)
    where not r.has_rows and u.months_with_rows >= $usual_months
),
periods as (
    select *, report_month_text(month_no) as period from flagged
)
select
    'THIEU-BAO-CAO' as check_id,
    'THIEU-BAO-CAO:' || p.commune_code || ':' || p.period as flag,
    '' as table_name, '' as record_id, '' as records, '' as village_code, p.commune_code,
    c.commune_code_2025, make_date((p.month_no - 1) // 12, (p.month_no - 1) % 12 + 1, 14)
        as on_date,
    p.period, p.run_length::double as left_value,
    p.months_with_rows::double as right_value
from periods as p
join communes as c using (commune_code)
order by period, p.commune_code;
