-- The validation rules of data/rules.toml (antt/quality/rules.py), one row per violation.
-- Each rule comes as one element of the parallel lists $rule_ids, $lefts, $ops, $rights,
-- $constants ('' when the right side is a figure) and $factors (the right side's multiplier).
-- A figure belongs to a record ('ban_ghi.…'), a village-day ('thon_ngay.…'), a village in a
-- reporting month ('thon_thang.…') or the village ('thon.…'). A side without a value (no row
-- that day or month) leaves the rule unchecked ("skip if missing"); 0 is a value.
with rules as (
    select
        unnest($rule_ids) as rule_id,
        unnest($lefts) as left_figure,
        unnest($ops) as op,
        unnest($rights) as right_figure,
        try_cast(nullif(unnest($constants), '') as double) as constant,
        cast(unnest($factors) as double) as factor
),
rows as (
    select activity, record_id, on_date, village_code, people, households, successes,
           report_period(on_date) as period
    from activity_source
),
figures as (
    select 'ban_ghi.tuyen_truyen.so_luot_tham_du' as figure, record_id as key,
           activity as table_name, record_id, record_id as records, village_code,
           on_date, period, people::double as value
    from rows where activity = 'outreach'
    union all
    select 'ban_ghi.tuan_tra.so_luot_tham_gia', record_id, activity, record_id, record_id,
           village_code, on_date, period, people::double
    from rows where activity = 'patrols'
    union all
    select 'ban_ghi.cam_ket.so_ho_ky', record_id, activity, record_id, record_id,
           village_code, on_date, period, households::double
    from rows where activity = 'commitments'
    union all
    select case activity when 'outreach' then 'thon_ngay.so_buoi_tuyen_truyen'
                         else 'thon_ngay.so_cuoc_tuan_tra' end,
           village_code || ' ' || on_date, any_value(activity), max(record_id),
           string_agg(record_id, ', ' order by record_id), village_code, on_date,
           any_value(period), count(*)::double
    from rows where activity in ('outreach', 'patrols')
    group by activity, village_code, on_date
    union all
    select unnest(['thon_thang.so_vu_hoa_giai', 'thon_thang.so_vu_hoa_giai_thanh']),
           village_code || ' ' || period, 'mediations', max(record_id),
           string_agg(record_id, ', ' order by record_id), village_code, max(on_date),
           period, unnest([count(*)::double, sum(successes)::double])
    from rows where activity = 'mediations'
    group by village_code, period
    union all
    select 'thon_thang.so_luot_tham_du', village_code || ' ' || period, 'outreach',
           max(record_id), string_agg(record_id, ', ' order by record_id), village_code,
           max(on_date), period, sum(people)::double
    from rows where activity = 'outreach'
    group by village_code, period
),
checked as (
    select
        r.rule_id, l.key, l.table_name, l.record_id, l.records, l.village_code, l.on_date,
        l.period, l.value as left_value, r.op,
        r.factor * coalesce(
            r.constant,
            case r.right_figure when 'thon.nhan_khau' then v.population
                                when 'thon.so_ho' then v.households end,
            o.value) as right_value
    from rules as r
    join figures as l on l.figure = r.left_figure
    left join figures as o on o.figure = r.right_figure and o.key = l.key
    left join village_units as v on v.village_code = l.village_code
)
select
    c.rule_id as check_id,
    c.rule_id || ':' || c.key as flag,
    c.table_name, c.record_id, c.records, c.village_code, v.commune_code,
    v.commune_code_2025, c.on_date, c.period, c.left_value, c.right_value
from checked as c
left join village_units as v on v.village_code = c.village_code
where c.right_value is not null
  and not case c.op
      when '<=' then c.left_value <= c.right_value
      when '<' then c.left_value < c.right_value
      when '>=' then c.left_value >= c.right_value
      when '>' then c.left_value > c.right_value
      when '==' then c.left_value = c.right_value
      when '!=' then c.left_value <> c.right_value
  end
order by c.on_date, c.record_id, c.rule_id;
