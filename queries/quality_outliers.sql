-- Values unusual for their own village (docs/data-quality.md), two tests fit for small,
-- zero-heavy counts, each against the village's 12 reporting months before (months without a
-- row count as 0; fewer months at the start of the data):
-- 1. How many sessions, patrols, signings, mediations or incidents a village has in a month:
--    flagged when P(X >= value) under a Poisson law with the mean of the months before is
--    below $alpha and the value is at least $min_count.
-- 2. The size of one record (people at a session or patrol, households signing): flagged when
--    at least $ratio times the mean size of the village's records of that table in the months
--    before, with at least $min_records records there.
-- Both need $min_history months of data (of that table, anywhere) before the month checked.
-- Sums over a window of months, not a median over a window of rows, partitioned by a hash
-- of table and village (an integer sorts faster than two texts); the rows with their month
-- are made once (materialized) for the months and the two look-ups of flagged records.
with rows as materialized (
    select activity as table_name, record_id, on_date, village_code,
           case activity when 'commitments' then households else people end as size,
           report_month_no(on_date) as month_no
    from activity_source
    union all
    select 'incidents', record_id, occurred_on, village_code, 0, report_month_no(occurred_on)
    from incident_rows
),
months as (
    select table_name, village_code, month_no,
           count(*)::double as n, sum(size)::double as size_sum, max(size) as size_max
    from rows
    group by table_name, village_code, month_no
),
starts as (
    select table_name, min(month_no) as first_month from months group by table_name
),
history as materialized (
    select
        m.*,
        coalesce(sum(m.n) over before, 0) as n_before,
        coalesce(sum(m.size_sum) over before, 0) as size_before,
        least(12, m.month_no - s.first_month) as months_before
    from months as m
    join starts as s using (table_name)
    window before as (
        partition by hash(m.table_name, m.village_code) order by m.month_no
        range between 12 preceding and 1 preceding)
),
count_tests as (
    select *, n_before / months_before as expected
    from history
    where months_before >= $min_history and n >= $min_count and n * months_before > n_before
),
count_flags as (
    select *,
        case when expected = 0 then 0.0 else list_sum(list_transform(
            range(n::bigint, n::bigint + 200),
            lambda i: exp(-expected + i * ln(expected) - lgamma(i + 1)))) end as tail
    from count_tests
),
flagged_months as (
    select table_name, village_code, month_no, n, expected
    from count_flags
    where tail < $alpha
),
-- the records of the flagged months (a handful: the join reads one village's rows)
flagged_rows as (
    select f.*, r.record_id, r.on_date
    from flagged_months as f
    join rows as r using (table_name, village_code)
    where r.month_no = f.month_no
),
flagged_counts as (
    select table_name, village_code, month_no, n, expected,
           string_agg(record_id, ', ' order by record_id) as records,
           max(record_id) as record_id, max(on_date) as on_date
    from flagged_rows
    group by table_name, village_code, month_no, n, expected
),
-- a month whose largest record is unusual, then its unusual records
size_months as (
    select table_name, village_code, month_no, size_before / n_before as usual
    from history
    where table_name in ('outreach', 'patrols', 'commitments')
      and months_before >= $min_history and n_before >= $min_records
      and size_max >= $ratio * size_before / n_before
),
size_flags as (
    select m.*, r.record_id, r.on_date, r.size
    from size_months as m
    join rows as r using (table_name, village_code)
    where r.month_no = m.month_no and r.size >= $ratio * m.usual
)
select
    'BAT-THUONG-SO-LAN' as check_id,
    'BAT-THUONG-SO-LAN:' || f.table_name || ':' || f.village_code || ':'
        || report_month_text(f.month_no) as flag,
    f.table_name, f.record_id, f.records, f.village_code, v.commune_code,
    v.commune_code_2025, f.on_date, report_month_text(f.month_no) as period,
    f.n as left_value, round(f.expected, 2) as right_value
from flagged_counts as f
left join village_units as v on v.village_code = f.village_code
union all
select
    'BAT-THUONG-QUY-MO', 'BAT-THUONG-QUY-MO:' || s.record_id, s.table_name, s.record_id,
    s.record_id, s.village_code, v.commune_code, v.commune_code_2025, s.on_date,
    report_month_text(s.month_no), s.size::double, round(s.usual, 2)
from size_flags as s
left join village_units as v on v.village_code = s.village_code
order by on_date, record_id;
